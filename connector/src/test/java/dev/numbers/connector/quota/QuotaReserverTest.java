package dev.numbers.connector.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.connector.lane.InMemoryTopics;
import dev.numbers.connector.lane.Transactions;
import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.avro.QuotaState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real reserver, follower and book over partitions held in memory with the broker's transactional rules: what a
 * reservation decides, what it leaves committed, and how it survives a commit of unknown outcome and a fenced writer.
 * {@code QuotaReserverIT} shows the same lock on a real broker.
 */
class QuotaReserverTest {

    private static final String TOPIC = "quotas";
    private static final int PARTITIONS = 3;
    private static final String TENANT = "team-a";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);
    private static final QuotaConfig.Limits ONE_IN_TOTAL = new QuotaConfig.Limits(null, 1);

    private final InMemoryTopics topics = new InMemoryTopics().topic(TOPIC, PARTITIONS);
    private final QuotaRecords records = new QuotaRecords(TOPIC, PARTITIONS, (topic, entry) -> QuotaAvro.bytes(entry),
            "test", CLOCK);
    private final QuotaBook book = new QuotaBook();
    private final AtomicInteger writers = new AtomicInteger();
    private QuotaFollower follower;
    private QuotaReserver reserver;

    @BeforeEach
    void start() {
        final var meters = new SimpleMeterRegistry();
        follower = new QuotaFollower(TOPIC, PARTITIONS, topics.reader(), (topic, data) -> QuotaAvro.entry(data), book,
                meters);
        reserver = new QuotaReserver(() -> {
            writers.incrementAndGet();
            return topics.writer("quotas-a");
        }, records, follower, book, Duration.ofSeconds(5), meters);
    }

    @AfterEach
    void stop() {
        reserver.close();
        follower.close();
    }

    @Test
    void aPurchaseUnderItsLimitIsReservedInTheTenantsPartitionAndCounted() {
        final var decision = decided(reserver.ask(TENANT, "buy-1", 1, ONE_IN_TOTAL));

        assertThat(decision).isEqualTo(new QuotaReserver.Decision.Admitted(records.today()));
        assertThat(committed()).extracting(e -> e.getRequestId().toString(), QuotaEntry::getState)
                .containsExactly(Tuple.tuple("buy-1", QuotaState.RESERVED));
        awaitCounted(1);
        assertThat(book.counts(TENANT, records.today())).isEqualTo(new QuotaBook.Counts(1, 1));
    }

    @Test
    void aPurchaseOverTheTotalIsRefusedAndNothingOfItIsCommitted() {
        decided(reserver.ask(TENANT, "buy-1", 1, ONE_IN_TOTAL));

        final var second = decided(reserver.ask(TENANT, "buy-2", 1, ONE_IN_TOTAL));

        assertThat(second).isEqualTo(new QuotaReserver.Decision.Refused("total", 1, 1, records.today()));
        assertThat(committed()).extracting(e -> e.getRequestId().toString()).containsExactly("buy-1");
    }

    @Test
    void aReturnedReservationGivesItsCountBackAndARefusedOneReturnsNothingItDidNotTake() {
        decided(reserver.ask(TENANT, "buy-1", 1, ONE_IN_TOTAL));
        assertThat(decided(reserver.ask(TENANT, "buy-2", 1, ONE_IN_TOTAL)))
                .isInstanceOf(QuotaReserver.Decision.Refused.class);
        // The loop's transactions: the refused request's RETURNED (it reserved nothing), then buy-1's.
        publish(settlement("buy-2", QuotaState.RETURNED));
        assertThat(decided(reserver.ask(TENANT, "buy-3", 1, ONE_IN_TOTAL)))
                .isInstanceOf(QuotaReserver.Decision.Refused.class);
        publish(settlement("buy-1", QuotaState.RETURNED));

        assertThat(decided(reserver.ask(TENANT, "buy-4", 1, ONE_IN_TOTAL)))
                .isEqualTo(new QuotaReserver.Decision.Admitted(records.today()));
        awaitCounted(1);
    }

    @Test
    void aReservationWaitsForAnEarlierOpenTransactionOnItsPartitionAndCountsItWhenItCommits() {
        final var other = openReservation("buy-0");
        final var answer = reserver.ask(TENANT, "buy-1", 1, ONE_IN_TOTAL);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !answer.isDone());

        other.commit();

        assertThat(decided(answer)).isEqualTo(new QuotaReserver.Decision.Refused("total", 1, 1, records.today()));
    }

    @Test
    void aReservationAfterAnEarlierTransactionThatAbortsDoesNotCountIt() {
        final var other = openReservation("buy-0");
        final var answer = reserver.ask(TENANT, "buy-1", 1, ONE_IN_TOTAL);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !answer.isDone());

        other.abort();

        assertThat(decided(answer)).isEqualTo(new QuotaReserver.Decision.Admitted(records.today()));
    }

    @Test
    void aCommitOfUnknownOutcomeThatCommittedIsCountedOnce() {
        topics.failNextCommit(InMemoryTopics.CommitFault.AMBIGUOUS_COMMITTED);

        final var decision = decided(reserver.ask(TENANT, "buy-1", 1, new QuotaConfig.Limits(null, 2)));

        assertThat(decision).isEqualTo(new QuotaReserver.Decision.Admitted(records.today()));
        assertThat(writers).as("the writer that cannot tell is replaced").hasValue(2);
        assertThat(committed()).extracting(e -> e.getRequestId().toString()).containsExactly("buy-1", "buy-1");
        awaitCounted(1);
        assertThat(decided(reserver.ask(TENANT, "buy-2", 1, new QuotaConfig.Limits(null, 2))))
                .isInstanceOf(QuotaReserver.Decision.Admitted.class);
        assertThat(decided(reserver.ask(TENANT, "buy-3", 1, new QuotaConfig.Limits(null, 2))))
                .isInstanceOf(QuotaReserver.Decision.Refused.class);
    }

    @Test
    void aCommitOfUnknownOutcomeThatAbortedIsReservedAgain() {
        topics.failNextCommit(InMemoryTopics.CommitFault.AMBIGUOUS_ABORTED);

        final var decision = decided(reserver.ask(TENANT, "buy-1", 1, ONE_IN_TOTAL));

        assertThat(decision).isEqualTo(new QuotaReserver.Decision.Admitted(records.today()));
        assertThat(committed()).extracting(e -> e.getRequestId().toString()).containsExactly("buy-1");
        awaitCounted(1);
    }

    @Test
    void aFencedReserverIsReplacedAndDecidesAgain() {
        final var limits = new QuotaConfig.Limits(null, 2);
        decided(reserver.ask(TENANT, "buy-1", 1, limits));
        // A later incarnation under the same transactional id takes it over.
        topics.writer("quotas-a").init();

        final var decision = decided(reserver.ask(TENANT, "buy-2", 1, limits));

        assertThat(decision).isEqualTo(new QuotaReserver.Decision.Admitted(records.today()));
        assertThat(writers).hasValue(2);
        awaitCounted(2);
    }

    @Test
    void aReleaseIsAdmittedOnlyThroughTheAccountTheTenantHoldsTheNumberAt() {
        final var bought = records.record(TENANT, "buy-1", records.today(), 1, List.of("+14155550101"),
                QuotaState.BOUGHT, "SIGNALWIRE/main");
        publish(bought);

        final var elsewhere = decided(reserver.askRelease(TENANT, "rel-1",
                new QuotaBook.Holding("TELNYX/main", "+14155550101"), ONE_IN_TOTAL));
        final var there = decided(reserver.askRelease(TENANT, "rel-2",
                new QuotaBook.Holding("SIGNALWIRE/main", "+14155550101"), ONE_IN_TOTAL));

        assertThat(elsewhere).isEqualTo(new QuotaReserver.Decision.NotHeld());
        assertThat(there).isInstanceOf(QuotaReserver.Decision.Admitted.class);
    }

    /** An entry of {@link #TENANT} counting one number. */
    private ProducerRecord<byte[], byte[]> settlement(final String requestId, final QuotaState state) {
        return records.record(TENANT, requestId, records.today(), 1, List.of(), state, null);
    }

    /** Another instance's reservation for {@link #TENANT}, left open. */
    private Transactions openReservation(final String requestId) {
        final var other = topics.writer("quotas-b");
        other.init();
        other.begin();
        other.append(settlement(requestId, QuotaState.RESERVED));
        return other;
    }

    private void publish(final ProducerRecord<byte[], byte[]> record) {
        final var loop = topics.writer("loop");
        loop.init();
        loop.begin();
        loop.append(record);
        loop.commit();
    }

    /** The follower reads a committed reservation after its reserver was answered. */
    private void awaitCounted(final int total) {
        final int partition = records.partition(TENANT);
        try {
            assertThat(follower.awaitRead(partition, topics.lastStable(TOPIC, partition), Duration.ofSeconds(5)))
                    .isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(book.counts(TENANT, records.today()).total()).isEqualTo(total);
    }

    private List<QuotaEntry> committed() {
        return topics.committed(TOPIC, records.partition(TENANT)).stream().map(QuotaAvro::entry).toList();
    }

    private static QuotaReserver.Decision decided(final CompletableFuture<QuotaReserver.Decision> answer) {
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no decision", e);
        }
    }
}
