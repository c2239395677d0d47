package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The abort path of the claim writer, driven deterministically against the real broker and registry: another
 * instance's COMPLETED of a request_id is committed (or still in an open transaction) right between this writer's
 * "no COMPLETED read" and its STARTED. The late STARTED never becomes visible to read_committed readers, and the
 * claimer answers from the COMPLETED. And the fence's fast path ({@link ClaimFence}): a claim behind another id's open
 * transaction is decided without waiting for it, while one with a record of its own id beyond the tail still waits.
 * The intents topic has two partitions: claims of both go in one transaction of the writer's main lane, and a claim
 * that has to wait is handed to its partition's lane, where it holds up no claim of the other partition.
 */
class FencedClaimWriterIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SerdeConfig serde = SerdeConfig.of(SchemaRegistry.shared().url());
    private final String topic = "fenced.intents." + UUID.randomUUID();
    private final Map<String, Object> kafka = Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    /** What the test does on the writer's thread right before the writer sends a batch of STARTED intents. */
    private volatile Consumer<List<String>> beforeSend = ids -> { };
    private KafkaProducer<byte[], byte[]> otherInstance;
    private IntentLedger ledger;
    private Claims claims;

    @BeforeEach
    void open() {
        final var config = new LedgerConfig(PARTITIONS, (short) -1, LedgerConfig.Store.MEMORY, null, Duration.ofDays(7),
                Duration.ofMinutes(10), Duration.ofMinutes(10));
        ledger = IntentLedgerFactory.open(topic, kafka, config, "fence-a", serde, meters);
        claims = IntentLedgerFactory.claims(ledger, topic, kafka, "fence-a", "fence-a-claims-" + UUID.randomUUID(),
                new ClaimConfig(Duration.ofSeconds(60), Duration.ofSeconds(10), 10_000, Duration.ofSeconds(20)),
                Duration.ofSeconds(10), meters,
                ids -> beforeSend.accept(ids));
        assertThat(ledger.catchUp(() -> false)).isTrue();
        otherInstance = transactionalProducer("fence-b-");
    }

    @AfterEach
    void close() {
        claims.close();
        ledger.close();
        otherInstance.close();
    }

    @Test
    void aCompletedCommittedJustBeforeTheStartedAbortsItAndTheClaimerAnswersFromTheCompleted() {
        final var fresh = purchase("fresh-" + UUID.randomUUID());
        final var late = purchase("late-" + UUID.randomUUID());
        // The other instance answers the request after this writer found no COMPLETED, before its STARTED.
        onceBeforeTheStartedOf(late, () -> {
            otherInstance.beginTransaction();
            otherInstance.send(completed(late));
            otherInstance.commitTransaction();
        });

        final var run = claims.claim(fresh, 1, PriorAttempts.none(Instant.now()), () -> false);
        final var answered = claims.claim(late, 1, PriorAttempts.none(Instant.now()), () -> false);

        System.out.printf("FencedClaimWriterIT: fresh claim -> %s; late claim -> %s; committed %s, appended %s%n",
                run.getClass().getSimpleName(), answered.getClass().getSimpleName(), states(late, true),
                states(late, false));
        assertThat(run).isInstanceOf(Claims.Decision.Run.class);
        assertThat(states(fresh, true)).containsExactly(IntentState.STARTED);
        assertThat(answered).isInstanceOf(Claims.Decision.Answered.class);
        assertThat(ledger.result(((Claims.Decision.Answered) answered).done()).getResource())
                .isEqualTo(result(late).getResource());
        // The STARTED was appended after the COMPLETED (again by the partition's lane when the main lane's read found
        // the COMPLETED before the tail had), but only the COMPLETED is visible.
        assertThat(states(late, false)).first().isEqualTo(IntentState.COMPLETED);
        assertThat(states(late, false)).hasSizeBetween(2, 3).containsOnly(IntentState.COMPLETED, IntentState.STARTED);
        assertThat(states(late, true)).containsExactly(IntentState.COMPLETED);
        assertThat(meters.counter("connector.claims", "outcome", "aborted_completed").count()).isEqualTo(1);
    }

    @Test
    void aStartedBehindAnOpenTransactionWaitsForItAndIsAbortedWhenItCommitsACompleted() throws Exception {
        final var late = purchase("open-" + UUID.randomUUID());
        // The other instance's COMPLETED is appended first but its transaction is still open.
        openCompletedBeforeTheStartedOf(late, late);
        // Both records are in the log, the COMPLETED first; its transaction holds the last stable offset below
        // the STARTED, so the writer cannot have decided.
        final var held = claimHeldUntil(late, otherInstance::commitTransaction);
        final boolean decidedBeforeCommit = held.decidedWhileHeld();
        final var answered = held.decision();

        System.out.printf("FencedClaimWriterIT: decided before the other transaction committed: %s; then %s;"
                        + " committed %s, appended %s%n", decidedBeforeCommit,
                answered.getClass().getSimpleName(), states(late, true), states(late, false));
        assertThat(decidedBeforeCommit).isFalse();
        assertThat(answered).isInstanceOf(Claims.Decision.Answered.class);
        // The main lane's STARTED (aborted when it handed the claim over) and the partition lane's, both after it.
        assertThat(states(late, false)).containsExactly(IntentState.COMPLETED, IntentState.STARTED,
                IntentState.STARTED);
        assertThat(states(late, true)).containsExactly(IntentState.COMPLETED);
        assertThat(meters.counter("connector.claims", "outcome", "aborted_completed").count()).isEqualTo(1);
        assertThat(fences("handed_over")).isEqualTo(1);
        assertThat(fences("waited")).isPositive();
    }

    @Test
    void aClaimBehindAnotherIdsOpenTransactionIsCommittedWhileThatTransactionIsStillOpen() throws Exception {
        final var claimed = purchase("claimed-" + UUID.randomUUID());
        final var other = purchaseIn(partitionOf(claimed), "other-");
        // Another request's COMPLETED (as the result publisher writes them) lies before the STARTED, still open.
        openCompletedBeforeTheStartedOf(claimed, other);
        try (var claimer = Executors.newVirtualThreadPerTaskExecutor()) {
            final var decision = claiming(claimed, claimer);

            // Before the fence read the partition uncommitted, this waited until the other transaction ended.
            await().atMost(WITHIN).until(decision::isDone);
            final var run = decision.get();
            final var appendedWhileOpen = states(claimed, false);
            otherInstance.commitTransaction();

            System.out.printf("FencedClaimWriterIT: decided while another id's transaction was open: %s;"
                            + " appended %s; committed %s; fence scanned %s, waited %s%n",
                    run.getClass().getSimpleName(), appendedWhileOpen, states(claimed, true),
                    fence("scanned", "clear"), fence("waited", "same_id"));
            assertThat(run).isInstanceOf(Claims.Decision.Run.class);
            assertThat(appendedWhileOpen).containsExactly(IntentState.STARTED);
            assertThat(states(claimed, true)).containsExactly(IntentState.STARTED);
            assertThat(states(other, true)).containsExactly(IntentState.COMPLETED);
            assertThat(meters.counter("connector.claims.transactions", "outcome", "committed").count()).isEqualTo(1);
            assertThat(fence("scanned", "clear")).isEqualTo(1);
        }
    }

    @Test
    void aCompletedOfTheSameIdBeyondTheTailIsReadAndAnsweredNeverCommitted() throws Exception {
        final var late = purchase("beyond-" + UUID.randomUUID());
        final var holder = transactionalProducer("fence-holder-");
        try {
            // An open transaction of a third id holds the tail (read_committed) below everything after it, so the
            // COMPLETED committed next lies between the tail's position and the STARTED, unread by the ledger.
            holder.beginTransaction();
            holder.send(completed(purchaseIn(partitionOf(late), "holder-")));
            holder.flush();
            otherInstance.beginTransaction();
            otherInstance.send(completed(late));
            otherInstance.commitTransaction();
            // The STARTED is appended behind the COMPLETED; the tail cannot pass the holder's open transaction.
            final var held = claimHeldUntil(late, holder::abortTransaction);
            final boolean decidedWhileHeld = held.decidedWhileHeld();
            final var answered = held.decision();

            System.out.printf("FencedClaimWriterIT: same id beyond the tail: decided while the tail was held: %s;"
                            + " then %s; committed %s, appended %s; fence scanned %s, waited %s%n",
                    decidedWhileHeld, answered.getClass().getSimpleName(), states(late, true),
                    states(late, false), fence("scanned", "clear"), fence("waited", "same_id"));
            assertThat(decidedWhileHeld).isFalse();
            assertThat(answered).isInstanceOf(Claims.Decision.Answered.class);
            assertThat(states(late, false)).containsExactly(IntentState.COMPLETED, IntentState.STARTED,
                    IntentState.STARTED);
            assertThat(states(late, true)).containsExactly(IntentState.COMPLETED);
            assertThat(meters.counter("connector.claims", "outcome", "aborted_completed").count()).isEqualTo(1);
            assertThat(fences("handed_over")).isEqualTo(1);
            assertThat(fences("waited")).isEqualTo(1);
            assertThat(fence("scanned", "clear")).isZero();
        } finally {
            holder.close();
        }
    }

    /**
     * ChaosIT once answered a duplicate FAILED internal_error: the ledger read its COMPLETED back with a read_committed
     * fetch, and a killed instance's open transaction held the partition's last stable offset below it for longer than
     * the fetch waited. A COMPLETED the ledger points at is committed, so it is read as it is, at once.
     */
    @Test
    void aCommittedCompletedBehindAnotherOpenTransactionIsReadBackAtOnce() throws Exception {
        final var request = purchase("behind-" + UUID.randomUUID());
        try (var crashed = transactionalProducer("fence-crashed-")) {
            crashed.beginTransaction();
            crashed.send(completed(purchaseIn(partitionOf(request), "held-")));
            crashed.flush();
            otherInstance.beginTransaction();
            final var written = otherInstance.send(completed(request)).get();
            final long offset = written.offset();
            otherInstance.commitTransaction();
            final var done = new LedgerEntry.Completed(1, Optional.empty(),
                    new LedgerEntry.StoredResult.InTopic(written.partition(), offset), Instant.now());

            final long began = System.nanoTime();
            final var read = CompletableFuture.supplyAsync(() -> ledger.result(done)).get(10, TimeUnit.SECONDS);
            System.out.printf("FencedClaimWriterIT: COMPLETED at offset %d read back in %d ms while another"
                    + " transaction was open before it%n", offset, (System.nanoTime() - began) / 1_000_000);
            assertThat(read.getResource()).isEqualTo(result(request).getResource());
            crashed.abortTransaction();
        }
    }

    @Test
    void claimsOfBothPartitionsGoInOneTransactionOfTheMainLane() throws Exception {
        final var gate = purchaseIn(0, "gate-");
        final var first = purchaseIn(0, "first-");
        final var second = purchaseIn(1, "second-");
        final var held = heldAt(gate, () -> { });
        final var batches = held.batches();
        try (var claimer = Executors.newVirtualThreadPerTaskExecutor()) {
            final var gated = claiming(gate, claimer);
            held.entered().get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            final var one = claiming(first, claimer);
            final var two = claiming(second, claimer);

            final var decisions = List.of(gated.get(), one.get(), two.get());
            System.out.printf("FencedClaimWriterIT: batches sent %s; decisions %s; committed transactions %s%n",
                    batches, decisions.stream().map(d -> d.getClass().getSimpleName()).toList(),
                    meters.counter("connector.claims.transactions", "outcome", "committed").count());
            assertThat(decisions).allMatch(Claims.Decision.Run.class::isInstance);
            assertThat(batches).containsExactly(Set.of(id(gate)), Set.of(id(first), id(second)));
            assertThat(meters.counter("connector.claims.transactions", "outcome", "committed").count()).isEqualTo(2);
            assertThat(states(first, true)).containsExactly(IntentState.STARTED);
            assertThat(states(second, true)).containsExactly(IntentState.STARTED);
        }
    }

    @Test
    void aClaimThatHasToWaitGoesToItsPartitionsLaneAndHoldsUpNoOtherPartition() throws Exception {
        final var gate = purchaseIn(0, "gate-");
        final var free = purchaseIn(0, "free-");
        final var waiting = purchaseIn(1, "waiting-");
        // While the gate's cycle is held, the other instance appends a COMPLETED of the waiting id and keeps its
        // transaction open: the next cycle (both ids) cannot be settled at once.
        final var held = heldAt(gate, () -> {
            otherInstance.beginTransaction();
            otherInstance.send(completed(waiting));
            otherInstance.flush();
        });
        try (var claimer = Executors.newVirtualThreadPerTaskExecutor()) {
            final var gated = claiming(gate, claimer);
            held.entered().get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            final var freeClaim = claiming(free, claimer);
            final var waitingClaim = claiming(waiting, claimer);

            final var freeDecision = freeClaim.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            // The waiting id's partition lane has appended its STARTED (after the COMPLETED and the main lane's
            // aborted one) and waits for the tail; released earlier, its cycle could find nothing to wait for.
            await().atMost(WITHIN).until(() -> states(waiting, false).size() == 3);
            final boolean waitingDecidedWhileOpen = waitingClaim.isDone();
            otherInstance.commitTransaction();
            final var waitingDecision = waitingClaim.get(WITHIN.toSeconds(), TimeUnit.SECONDS);

            System.out.printf("FencedClaimWriterIT: gate %s; other partition's claim %s while the transaction was"
                            + " open; waiting claim decided while open: %s, then %s; handed over %s, lane waits %s%n",
                    gated.get().getClass().getSimpleName(), freeDecision.getClass().getSimpleName(),
                    waitingDecidedWhileOpen, waitingDecision.getClass().getSimpleName(),
                    meters.counter("connector.claims.transactions", "outcome", "aborted_handed_over").count(),
                    fences("waited"));
            assertThat(freeDecision).isInstanceOf(Claims.Decision.Run.class);
            assertThat(waitingDecidedWhileOpen).isFalse();
            assertThat(waitingDecision).isInstanceOf(Claims.Decision.Answered.class);
            assertThat(states(free, true)).containsExactly(IntentState.STARTED);
            assertThat(states(waiting, true)).containsExactly(IntentState.COMPLETED);
            assertThat(meters.counter("connector.claims.transactions", "outcome", "aborted_handed_over").count())
                    .isEqualTo(1);
            assertThat(fences("handed_over")).isEqualTo(1);
            assertThat(fences("waited")).isEqualTo(1);
        }
    }

    private record Gate(CompletableFuture<Void> entered, List<Set<String>> batches) {
    }

    /**
     * Holds the writer's cycle of {@code gate} (completing {@code entered}) until two more claims are queued behind
     * it, runs {@code whileHeld} there and lets it go on; {@code batches} collects the ids of every batch sent.
     */
    private Gate heldAt(final NumberRequest gate, final Runnable whileHeld) {
        final var held = new Gate(new CompletableFuture<>(), new CopyOnWriteArrayList<>());
        beforeSend = ids -> {
            if (ids.contains(id(gate))) {
                held.entered().complete(null);
                await().atMost(WITHIN).until(() -> meters.get("connector.claims.waiting").gauge().value() == 2);
                whileHeld.run();
            }
            held.batches().add(Set.copyOf(ids));
        };
        return held;
    }

    private static String id(final NumberRequest request) {
        return request.getRequestId().toString();
    }

    /**
     * Cycles that went {@code path}, whatever the reason: a lane's first read (a new consumer) may run out of its
     * 2 s on a loaded machine, and then waits (or is handed over) for that reason instead of the record it would find.
     */
    private long fences(final String path) {
        return meters.find("connector.claims.fence").tag("path", path).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private long fence(final String path, final String why) {
        return meters.timer("connector.claims.fence", "path", path, "why", why).count();
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer(final String prefix) {
        final var props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + UUID.randomUUID());
        final var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /**
     * Right before the writer first sends a STARTED of {@code claimed}, the other instance appends a COMPLETED of
     * {@code of} in a transaction it leaves open.
     */
    private void openCompletedBeforeTheStartedOf(final NumberRequest claimed, final NumberRequest of) {
        onceBeforeTheStartedOf(claimed, () -> {
            otherInstance.beginTransaction();
            otherInstance.send(completed(of));
            otherInstance.flush();
        });
    }

    private record Held(boolean decidedWhileHeld, Claims.Decision decision) {
    }

    /**
     * Claims {@code request} on another thread behind a COMPLETED of its id that the ledger cannot read yet; once both
     * its STARTED intents are appended (the main lane's, aborted when it hands the claim over, and its partition
     * lane's, which then waits for the tail), notes whether the claim was decided, runs {@code release} and waits for
     * the decision. Released after the first STARTED only, the partition lane could start its cycle after the
     * release and find nothing to wait for.
     */
    private Held claimHeldUntil(final NumberRequest request, final Runnable release) throws Exception {
        try (var claimer = Executors.newVirtualThreadPerTaskExecutor()) {
            final var decision = claiming(request, claimer);
            await().atMost(WITHIN).until(() -> states(request, false).size() == 3);
            final boolean decided = decision.isDone();
            release.run();
            return new Held(decided, decision.get(WITHIN.toSeconds(), TimeUnit.SECONDS));
        }
    }

    private CompletableFuture<Claims.Decision> claiming(final NumberRequest request, final Executor claimer) {
        return CompletableFuture.supplyAsync(
                () -> claims.claim(request, 1, PriorAttempts.none(Instant.now()), () -> false), claimer);
    }

    /** Runs {@code step} on the writer's thread right before it first sends a STARTED of {@code request}. */
    private void onceBeforeTheStartedOf(final NumberRequest request, final Runnable step) {
        final var once = new AtomicBoolean();
        beforeSend = ids -> {
            if (ids.contains(request.getRequestId().toString()) && once.compareAndSet(false, true)) {
                step.run();
            }
        };
    }

    private ProducerRecord<byte[], byte[]> completed(final NumberRequest request) {
        final var intent = Intent.newBuilder().setRequestId(request.getRequestId()).setState(IntentState.COMPLETED)
                .setRequest(request).setUpdatedAt(Instant.now()).setResult(result(request)).setAttempt(1).build();
        try (var serializer = new ConfluentAvroSerializer<Intent>(serde)) {
            return new ProducerRecord<>(topic, key(request), serializer.serialize(topic, intent));
        }
    }

    /** The request_id's intents in the topic, read_committed or everything appended (read_uncommitted). */
    private List<IntentState> states(final NumberRequest request, final boolean committed) {
        final var props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        final var partition = new TopicPartition(topic, partitionOf(request));
        final var states = new ArrayList<IntentState>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var decoder = new ConfluentAvroDeserializer<>(Intent.class, serde)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final long deadline = System.nanoTime() + WITHIN.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (final var record : consumer.poll(Duration.ofMillis(200))) {
                    if (new String(record.key(), StandardCharsets.UTF_8).contentEquals(request.getRequestId())) {
                        states.add(decoder.deserialize(topic, record.value()).getState());
                    }
                }
            }
        }
        return states;
    }

    /** A purchase whose request_id hashes to {@code partition} of the intents topic. */
    private static NumberRequest purchaseIn(final int partition, final String prefix) {
        while (true) {
            final var request = purchase(prefix + UUID.randomUUID());
            if (partitionOf(request) == partition) {
                return request;
            }
        }
    }

    private static int partitionOf(final NumberRequest request) {
        return BuiltInPartitioner.partitionForKey(key(request), PARTITIONS);
    }

    private static NumberRequest purchase(final String id) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now()).setTenant("team-a")
                .setCorrelationId("corr-" + id)
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+12025550100").build()).build();
    }

    private static NumberResult result(final NumberRequest request) {
        return NumberResult.newBuilder().setRequestId(request.getRequestId()).setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.PURCHASE_PHONE_NUMBER).setStatus(ResultStatus.SUCCEEDED)
                .setResource(PhoneNumber.newBuilder().setId("pn-" + request.getRequestId()).setNumber("+12025550100")
                        .setNumberType("longcode").build())
                .setErrors(List.of()).setAttempts(1).setStartedAt(request.getRequestedAt())
                .setFinishedAt(request.getRequestedAt()).setReconciled(false).setTenant("team-a")
                .setCorrelationId(request.getCorrelationId()).build();
    }

    private static byte[] key(final NumberRequest request) {
        return request.getRequestId().toString().getBytes(StandardCharsets.UTF_8);
    }
}
