package dev.numbers.connector.executor;

import static dev.numbers.connector.executor.Avro.decoded;
import static dev.numbers.connector.executor.CoreOverTopics.purchase;
import static dev.numbers.connector.executor.TestOutputs.answered;
import static dev.numbers.connector.executor.TestOutputs.codes;
import static dev.numbers.connector.executor.TestOutputs.ran;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.connector.lane.InMemoryTopics;
import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.LedgerOverTopics;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exactly-once core end to end without a broker: a decoded request through the production request path, ledger,
 * claims (tail, fence, claim lanes) and quota reserver over topics held in memory with Kafka's transactional rules,
 * to its committed outputs. Each of the guarantee's decisions, on what the topics hold afterwards. {@code LedgerIT},
 * {@code ClaimIT} and {@code QuotaIT} show the same on a broker.
 */
@Timeout(10)
class CoreOverTopicsTest {

    private static final String NUMBER = "+12025550123";
    private static final Duration SOON = Duration.ofSeconds(5);

    private final InMemoryTopics topics = new InMemoryTopics();
    private final InMemoryProvider provider = new InMemoryProvider();
    private final List<CoreOverTopics> cores = new ArrayList<>();
    /** Request threads of their own: the common pool may have one worker on a small machine. */
    private final ExecutorService requests = Executors.newCachedThreadPool();

    private CoreOverTopics core(final String instance, final int dailyQuota) {
        final var core = new CoreOverTopics(topics, instance, provider, dailyQuota);
        cores.add(core);
        return core;
    }

    @AfterEach
    void close() {
        requests.shutdownNow();
        cores.forEach(CoreOverTopics::close);
    }

    /** The committed intents of {@code requestId}, in order, as their states. */
    private List<String> intents(final String requestId) {
        final var key = requestId.getBytes(StandardCharsets.UTF_8);
        final int partition = BuiltInPartitioner.partitionForKey(key, LedgerOverTopics.PARTITIONS);
        return topics.committed(LedgerOverTopics.TOPIC, partition).stream()
                .map(LedgerOverTopics::intent)
                .filter(intent -> intent.getRequestId().toString().equals(requestId))
                .map(intent -> intent.getState().toString()).toList();
    }

    private List<NumberResult> results() {
        return topics.committed(CoreOverTopics.RESULTS, 0).stream()
                .map(value -> decoded(new ProducerRecord<>(CoreOverTopics.RESULTS, new byte[0], value))).toList();
    }

    @Test
    void aNewRequestClaimsRunsOnceAndCommitsItsResultCompletedIntentAndQuotaRecordTogether() {
        final var core = core("a", 10);

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(decoded(outputs.result()).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(intents("r-1")).containsExactly("STARTED", "COMPLETED");
        assertThat(results()).singleElement().isEqualTo(decoded(outputs.result()));
        assertThat(topics.committed("quotas", 0)).hasSize(2);
        assertThat(provider.posts()).containsExactly(NUMBER);
    }

    @Test
    void aDuplicateIsAnsweredFromTheLedgerHereAndOnAnotherInstanceWithoutASecondCall() {
        final var a = core("a", 10);
        final var first = decoded(ran(a.handle(purchase("r-1", NUMBER), 0)).result());
        final var b = core("b", 10);

        final var here = answered(a.handle(purchase("r-1", NUMBER), 1));
        final var there = answered(b.handle(purchase("r-1", NUMBER), 2));

        // Both read the result back from the COMPLETED intent on the topic.
        assertThat(here.records()).singleElement().satisfies(r -> assertThat(decoded(r)).isEqualTo(first));
        assertThat(there.records()).singleElement().satisfies(r -> assertThat(decoded(r)).isEqualTo(first));
        assertThat(provider.posts()).hasSize(1);
        assertThat(intents("r-1")).containsExactly("STARTED", "COMPLETED");
    }

    @Test
    void aStaleRequestIsAnsweredWithoutAClaimOrACallAndItsAnswerIsFinal() {
        final var core = core("a", 10);
        final var old = purchase("r-old", NUMBER);
        old.setRequestedAt(Instant.now().minus(Duration.ofDays(8)));

        final var outputs = ran(core.handle(old, 0));

        assertThat(codes(decoded(outputs.result()))).containsExactly("stale_request");
        assertThat(intents("r-old")).containsExactly("COMPLETED");
        assertThat(provider.posts()).isEmpty();
    }

    @Test
    void aClaimBehindAnEarlierLiveClaimWaitsAndAnswersWithItsResultWithoutACall() throws Exception {
        final var a = core("a", 10);
        final var b = core("b", 10);
        final var release = new CountDownLatch(1);
        provider.holdNext(release);
        final var first = CompletableFuture.supplyAsync(() -> a.handle(purchase("r-1", NUMBER), 0), requests);
        await().atMost(SOON).until(() -> provider.posts().size() == 1);

        final var second = CompletableFuture.supplyAsync(() -> b.handle(purchase("r-1", NUMBER), 7), requests);
        await().atMost(SOON).until(() -> b.meters.counter("connector.claims", "outcome", "waited").count() == 1);
        assertThat(second).isNotDone();
        release.countDown();

        final var theirs = decoded(ran(first.get()).result());
        assertThat(answered(second.get()).records()).singleElement()
                .satisfies(record -> assertThat(decoded(record)).isEqualTo(theirs));
        assertThat(provider.posts()).containsExactly(NUMBER);
        assertThat(intents("r-1")).containsExactly("STARTED", "STARTED", "COMPLETED");
    }

    @Test
    void aRevokedPartitionRunsNothingAndCommitsNothing() {
        final var core = core("a", 10);

        assertThat(core.handle(purchase("r-1", NUMBER), 0, () -> true)).isEmpty();

        assertThat(intents("r-1")).isEmpty();
        assertThat(results()).isEmpty();
        assertThat(provider.posts()).isEmpty();
    }

    @Test
    void aCallWhoseAnswerWasLostIsLookedUpAfterTheRestartInsteadOfPostedAgain() {
        final var before = core("a", 10);
        final var crashed = new AtomicBoolean();
        provider.dropNext(() -> crashed.set(true));
        assertThat(before.handle(purchase("r-1", NUMBER), 0, crashed::get)).isEmpty();
        assertThat(intents("r-1")).containsExactly("STARTED");
        cores.remove(before);
        before.close();

        // The same instance started again reads the STARTED: the call may have been performed.
        final var result = decoded(ran(core("a", 10).handle(purchase("r-1", NUMBER), 0)).result());

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getReconciled()).isTrue();
        assertThat(provider.lookups()).containsExactly(NUMBER);
        assertThat(provider.posts()).containsExactly(NUMBER);
        assertThat(intents("r-1")).endsWith("COMPLETED");
    }

    @Test
    void anOversizedResultIsCommittedCompactWithItsIntent() {
        final var core = core("a", 10);
        provider.answerWith(number -> PhoneNumber.newBuilder().setId("p").setNumber(number)
                .setName("n".repeat(1_000_000)).setNumberType("longcode").setCountryCode(null)
                .setCapabilities(List.of()).setCreatedAt(null).setUpdatedAt(null).setNextBilledAt(null).build());

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        final int max = RequestLimits.defaults().maxResultBytes();
        assertThat(outputs.result().value().length).isLessThan(max);
        assertThat(codes(decoded(outputs.result()))).containsExactly("result_too_large");
        assertThat(outputs.completed().value().length).isLessThan(max);
        assertThat(codes(LedgerOverTopics.intent(outputs.completed().value()).getResult()))
                .containsExactly("result_too_large");
        assertThat(results()).singleElement().satisfies(r -> assertThat(codes(r)).containsExactly("result_too_large"));
        assertThat(core.ledger.ledger().lookup("r-1")).get().isInstanceOf(LedgerEntry.Completed.class);
    }

    @Test
    void aQuotaRefusalIsAnsweredWithoutACallAndAFailedRunReturnsItsReservation() {
        final var core = core("a", 1);
        provider.failNext();
        final var failed = ran(core.handle(purchase("r-1", NUMBER), 0));
        assertThat(decoded(failed.result()).getStatus()).isEqualTo(ResultStatus.FAILED);

        // The failed run gave its reservation back in its result's transaction: the next purchase gets it.
        assertThat(decoded(ran(core.handle(purchase("r-2", "+12025550124"), 1)).result()).getStatus())
                .isEqualTo(ResultStatus.SUCCEEDED);
        final var refused = ran(core.handle(purchase("r-3", "+12025550125"), 2));

        assertThat(codes(decoded(refused.result()))).containsExactly("quota_exceeded");
        assertThat(provider.posts()).containsExactly(NUMBER, "+12025550124");
    }
}
