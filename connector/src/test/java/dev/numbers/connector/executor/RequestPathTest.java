package dev.numbers.connector.executor;

import static dev.numbers.connector.executor.Avro.decoded;
import static dev.numbers.connector.executor.InMemoryCore.NOW;
import static dev.numbers.connector.executor.InMemoryCore.purchase;
import static dev.numbers.connector.executor.TestOutputs.answered;
import static dev.numbers.connector.executor.TestOutputs.codes;
import static dev.numbers.connector.executor.TestOutputs.ran;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One request record → its committed outputs through the real request path, ledger gate and executor over the
 * in-memory ledger, claims, quota and provider: each of the ledger's decisions, the claim's, and the assembly's.
 */
class RequestPathTest {

    private static final String NUMBER = "+12025550123";
    private final InMemoryCore core = new InMemoryCore(10);

    @Test
    void aNewRequestRunsOnceAndCommitsItsResultWithItsCompletedIntentAndQuotaRecord() {
        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(decoded(outputs.result()).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(new String(outputs.completed().key(), StandardCharsets.UTF_8)).isEqualTo("r-1");
        assertThat(outputs.settlements()).singleElement()
                .satisfies(q -> assertThat(new String(q.value(), StandardCharsets.UTF_8)).isEqualTo("kept"));
        assertThat(core.provider.posts()).containsExactly(NUMBER);
        assertThat(core.ledger.lookup("r-1")).get().isInstanceOf(LedgerEntry.Completed.class);
    }

    @Test
    void aDuplicateIsAnsweredFromTheLedgerWithoutCallingTheProviderAgain() {
        final var first = ran(core.handle(purchase("r-1", NUMBER), 0));

        final var again = answered(core.handle(purchase("r-1", NUMBER), 1));

        assertThat(again.records()).singleElement().satisfies(record ->
                assertThat(decoded(record)).isEqualTo(decoded(first.result())));
        assertThat(core.provider.posts()).hasSize(1);
        assertThat(core.decisions).hasValue(1);
        assertThat(core.meters.counter("connector.ledger.answers", "kind", "duplicate").count()).isEqualTo(1);
    }

    @Test
    void theRecordAnsweredBeforeARestartPublishesNothingAgain() {
        core.handle(purchase("r-1", NUMBER), 0);

        final var again = answered(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(again.records()).isEmpty();
        assertThat(core.provider.posts()).hasSize(1);
    }

    @Test
    void aRecordWhoseEarlierRunFinishedUnpublishedBeforeItsPartitionCameBackPublishesThatResult() {
        // The run finished after its partition was revoked (its completion is dropped) and the same record was
        // assigned back here: before the drop it still reads as finished. It must be answered, not passed over.
        final var earlier = decoded(ran(new InMemoryCore(10).handle(purchase("r-1", NUMBER), 0)).result());
        core.ledger.finishedUnpublished("r-1", earlier, new RecordRef("requests", 0, 0), List.of());

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(decoded(outputs.result())).isEqualTo(earlier);
        assertThat(outputs.completed()).isNotNull();
        assertThat(core.provider.posts()).isEmpty();
        // Published under a fresh claim: the claim writer is what can tell that nobody took the request over.
        assertThat(core.claims.taken()).isEqualTo(1);
    }

    @Test
    void aRecordPublishingItsEarlierResultAnswersFromAnotherMembersRunThatAnsweredMeanwhile() {
        // While the partition was away another member ran the request and committed its result: that is the answer,
        // the result this record finished with is never published.
        final var earlier = decoded(ran(new InMemoryCore(10).handle(purchase("r-1", NUMBER), 0)).result());
        final var theirs = NumberResult.newBuilder(earlier).setAccount("their-run").build();
        core.ledger.finishedUnpublished("r-1", earlier, new RecordRef("requests", 0, 0), List.of());

        answeredByTheirRun(theirs);
    }

    @Test
    void aRecordPublishingItsEarlierResultAfterAnotherMemberClaimedTheRequestLooksItUpAndRunsAgain() {
        // Its run failed without a purchase; meanwhile another member took the request over and may have bought
        // (its claim ended without a result). The old FAILED is no longer what happened: decide again, look up first.
        final var earlierCore = new InMemoryCore(10);
        earlierCore.provider.failNext();
        final var failed = decoded(ran(earlierCore.handle(purchase("r-1", NUMBER), 0)).result());
        assertThat(failed.getStatus()).isEqualTo(ResultStatus.FAILED);
        core.ledger.finishedUnpublished("r-1", failed, new RecordRef("requests", 0, 0), List.of());
        core.claims.takeOverNext();

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(decoded(outputs.result()).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(core.provider.lookups()).isNotEmpty();
        assertThat(core.claims.taken()).isEqualTo(2);
        assertThat(core.meters.counter("connector.ledger.answers", "kind", "unpublished_taken_over").count())
                .isEqualTo(1);
    }

    @Test
    void aRepublishedResultGoesWithTheQuotaRecordsOfTheRunThatProducedIt() {
        // That run's admission is spent (its settlement was built once): asked again, the quotas have nothing, and
        // the tenant's reservation would stay open with the number it bought never counted.
        final var earlier = decoded(ran(new InMemoryCore(10).handle(purchase("r-1", NUMBER), 0)).result());
        final var bought = new ProducerRecord<>("quotas", "r-1".getBytes(StandardCharsets.UTF_8),
                "kept".getBytes(StandardCharsets.UTF_8));
        core.ledger.finishedUnpublished("r-1", earlier, new RecordRef("requests", 0, 0), List.of(bought));

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(outputs.settlements()).containsExactly(bought);
        assertThat(outputs.compact().settlements()).containsExactly(bought);
    }

    @Test
    void aRepeatWaitsForAnUndecidedCompletionOfItsIdInsteadOfAnsweringFromIt() {
        // Finished here at p0@0, its transaction not decided: if its partition moved, it is dropped and the record
        // runs again elsewhere (here: found by a lookup, reconciled). The repeat at p0@5 answers what is committed.
        final var earlier = decoded(ran(new InMemoryCore(10).handle(purchase("r-1", NUMBER), 0)).result());
        final var rerun = NumberResult.newBuilder(earlier).setReconciled(true).build();
        core.ledger.finishedUnpublished("r-1", earlier, new RecordRef("requests", 0, 0), List.of());
        core.duringWaits = () -> core.ledger.completedElsewhere("r-1", rerun, new RecordRef("requests", 0, 0));

        final var again = answered(core.handle(purchase("r-1", NUMBER), 5));

        assertThat(again.records()).singleElement().satisfies(record ->
                assertThat(decoded(record)).isEqualTo(rerun));
        assertThat(core.waits).hasSize(1);
        assertThat(core.provider.posts()).isEmpty();
        assertThat(core.meters.counter("connector.ledger.answers", "kind", "unsettled").count()).isEqualTo(1);
    }

    @Test
    void aRepeatWaitingForAnUndecidedCompletionPublishesNothingWhenStopping() {
        final var earlier = decoded(ran(new InMemoryCore(10).handle(purchase("r-1", NUMBER), 0)).result());
        core.ledger.finishedUnpublished("r-1", earlier, new RecordRef("requests", 0, 0), List.of());

        assertThat(core.handle(purchase("r-1", NUMBER), 5, () -> true)).isEmpty();
        assertThat(core.provider.posts()).isEmpty();
    }

    @Test
    void aStaleRequestIsRejectedWithoutAClaimOrAProviderCall() {
        final var old = purchase("r-old", NUMBER);
        old.setRequestedAt(NOW.minus(InMemoryCore.DEDUPE_WINDOW).minus(Duration.ofMinutes(1)));

        final var outputs = ran(core.handle(old, 0));

        assertThat(codes(decoded(outputs.result()))).containsExactly("stale_request");
        assertThat(core.claims.taken()).isZero();
        assertThat(core.provider.posts()).isEmpty();
        // Its COMPLETED answers a retry of it from the ledger: it is not judged again.
        assertThat(core.ledger.lookup("r-old")).get().isInstanceOf(LedgerEntry.Completed.class);
    }

    @Test
    void aClaimLostToAnEarlierLiveClaimAnswersWithThatClaimsResult() {
        final var theirs = NumberResult.newBuilder(decoded(ran(new InMemoryCore(10)
                .handle(purchase("r-1", NUMBER), 0)).result())).setAccount("their-run").build();
        answeredByTheirRun(theirs);

        assertThat(core.quota.used()).isZero();
    }

    /** Another instance's claim answers r-1 with {@code theirs} first: the record answers with it, posting nothing. */
    private void answeredByTheirRun(final NumberResult theirs) {
        core.claims.answerFirst(new LedgerEntry.Completed(1, Optional.of(new RecordRef("requests", 3, 9)),
                new LedgerEntry.StoredResult.Held(theirs), NOW));

        final var outputs = answered(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(outputs.records()).singleElement()
                .satisfies(record -> assertThat(decoded(record).getAccount()).isEqualTo("their-run"));
        assertThat(core.provider.posts()).isEmpty();
    }

    @Test
    void aRevokedPartitionRunsNothingAndPublishesNothing() {
        assertThat(core.handle(purchase("r-1", NUMBER), 0, () -> true)).isEmpty();

        assertThat(core.claims.taken()).isZero();
        assertThat(core.provider.posts()).isEmpty();
        assertThat(core.committed).isEmpty();
    }

    @Test
    void aCallPerformedThenDroppedIsLookedUpBeforeAnyRePost() {
        final var crashed = new AtomicBoolean();
        core.provider.dropNext(() -> crashed.set(true));
        assertThat(core.handle(purchase("r-1", NUMBER), 0, crashed::get)).isEmpty();
        assertThat(core.ledger.lookup("r-1")).get().isInstanceOf(LedgerEntry.Started.class);

        // After the restart the same record runs again: the STARTED says the call may have been performed.
        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        final var result = decoded(outputs.result());
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getReconciled()).isTrue();
        assertThat(core.provider.lookups()).containsExactly(NUMBER);
        assertThat(core.provider.posts()).containsExactly(NUMBER);
        assertThat(core.ledger.lookup("r-1")).get().isInstanceOfSatisfying(LedgerEntry.Completed.class,
                done -> assertThat(done.attempt()).isEqualTo(2));
    }

    @Test
    void aCallInterruptedByTheStopPublishesNothingAndIsLookedUpAfterTheRestart() {
        core.provider.interruptNext();
        final var stopping = new AtomicBoolean();
        final var interrupted = new AtomicBoolean();
        final var outputs = core.handle(purchase("r-1", NUMBER), 0, () -> {
            // The stop interrupts the request threads only after the drain, so the flag is the stop's sign here.
            if (Thread.currentThread().isInterrupted()) {
                interrupted.set(true);
                stopping.set(true);
            }
            return stopping.get();
        });
        Thread.interrupted();

        // Not FAILED connector_error: the POST may have been performed, so the request runs again after the restart.
        assertThat(outputs).isEmpty();
        assertThat(core.committed).isEmpty();
        assertThat(core.ledger.lookup("r-1")).get().isInstanceOf(LedgerEntry.Started.class);

        final var result = decoded(ran(core.handle(purchase("r-1", NUMBER), 0)).result());
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(core.provider.lookups()).containsExactly(NUMBER);
        assertThat(core.provider.posts()).containsExactly(NUMBER);
    }

    @Test
    void aClaimLapsedBeforeItsPostIsClaimedAgainAndLooksTheCallUpFirst() {
        core.claims.lapseAtCheck(1);

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(decoded(outputs.result()).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(core.decisions).hasValue(2);
        assertThat(core.provider.lookups()).containsExactly(NUMBER);
        assertThat(core.provider.posts()).containsExactly(NUMBER);
        assertThat(core.meters.counter("connector.claims", "outcome", "lapsed").count()).isEqualTo(1);
    }

    @Test
    void aRequestOfAPausedAccountWaitsBeforeItsClaimAndRunsOnceTheAccountServesAgain() {
        core.health.pause(core.signalWire, "401");
        core.duringWaits = () -> {
            assertThat(core.claims.taken()).isZero();
            if (core.waits.size() == 3) {
                core.health.resume(core.signalWire);
            }
        };

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(decoded(outputs.result()).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(core.waits).hasSize(3);
        assertThat(core.provider.posts()).containsExactly(NUMBER);
    }

    @Test
    void anOversizedResultIsPublishedCompactWithItsIntent() {
        core.provider.answerWith(number -> PhoneNumber.newBuilder().setId("p").setNumber(number)
                .setName("n".repeat(1_000_000)).setNumberType("longcode").setCountryCode(null)
                .setCapabilities(List.of()).setCreatedAt(null).setUpdatedAt(null).setNextBilledAt(null).build());

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        for (final var record : List.of(outputs.result(), outputs.completed())) {
            assertThat(record.value().length).isLessThan(RequestLimits.defaults().maxResultBytes());
            assertThat(codes(decoded(record))).containsExactly("result_too_large");
        }
        // What the loop publishes if the broker refuses even these: the compact form again, with the quota record.
        final var compact = outputs.compact();
        assertThat(compact.records()).hasSize(3);
        assertThat(compact.compact()).isSameAs(compact);
    }

    @Test
    void aQuotaRefusalIsAnsweredWithoutACallAndAFailedRunReturnsItsReservation() {
        final var core = new InMemoryCore(1);
        core.provider.failNext();
        final var failed = ran(core.handle(purchase("r-1", NUMBER), 0));
        assertThat(new String(failed.settlements().getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("returned");

        ran(core.handle(purchase("r-2", "+12025550124"), 1));
        final var refused = ran(core.handle(purchase("r-3", "+12025550125"), 2));

        assertThat(codes(decoded(refused.result()))).containsExactly("quota_exceeded");
        assertThat(core.provider.posts()).containsExactly(NUMBER, "+12025550124");
        assertThat(core.quota.used()).isEqualTo(1);
    }

    @Test
    void anExceptionOnThePathEndsItFailedInternalErrorWithoutItsMessage() {
        core.claims.failNext(new IllegalStateException("token=PTsecret-123 at line 7"));
        final var logs = new ListAppender<ILoggingEvent>();
        final var logger = (Logger) LoggerFactory.getLogger(RequestPath.class);
        logs.start();
        logger.addAppender(logs);
        final Optional<Outputs> handled;
        try {
            handled = core.handle(purchase("r-1", NUMBER), 0);
        } finally {
            logger.detachAppender(logs);
        }
        final var result = decoded(answered(handled).records().getFirst());
        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        // The log keeps what an operator needs (the exception's class and frames), never its message.
        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains("IllegalStateException").doesNotContain("PTsecret");
            assertThat(event.getThrowableProxy().getMessage()).doesNotContain("PTsecret")
                    .contains("java.lang.IllegalStateException");
            assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
        });
        assertThat(result.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo("internal_error");
            assertThat(e.getDetail().toString()).contains("IllegalStateException").doesNotContain("PTsecret")
                    .doesNotContain("\tat ");
        });
        assertThat(core.meters.counter("connector.requests.internal_errors", "exception", "IllegalStateException")
                .count()).isEqualTo(1);
    }

    @Test
    void aRequestOutOfBoundsIsRejectedWithoutReachingTheLedger() {
        final var tooMuch = purchase("r-1", NUMBER);
        tooMuch.setTenant("t".repeat(2_000));

        final var outputs = answered(core.handle(tooMuch, 0));

        assertThat(outputs.records()).singleElement().satisfies(record ->
                assertThat(codes(decoded(record))).containsExactly("field_too_long"));
        assertThat(core.decisions).hasValue(0);
        assertThat(core.ledger.lookup("r-1")).isEmpty();
    }

    @Test
    void aRegistryOutageWhileSerializingIsWaitedOutAndShownOnHealth() {
        final var refusals = new AtomicInteger(2);
        final Serializer<NumberResult> flaky = (topic, result) -> {
            if (refusals.getAndDecrement() > 0) {
                throw new RegistryUnavailableException("registry answered 503", 503);
            }
            return Avro.bytes(result);
        };
        final var core = new InMemoryCore(10, flaky);

        final var outputs = ran(core.handle(purchase("r-1", NUMBER), 0));

        assertThat(decoded(outputs.result()).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(core.resultsDown).hasValue(2);
        assertThat(core.provider.posts()).hasSize(1);
    }
}
