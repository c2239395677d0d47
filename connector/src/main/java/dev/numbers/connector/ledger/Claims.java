package dev.numbers.connector.ledger;

import dev.numbers.connector.concurrency.Pauses;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.NumberRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request_id is executed by one instance at a time, whatever key or partition its records came with.
 *
 * <p>The intents topic is keyed by request_id, so every intent of one request_id is in one partition, totally
 * ordered. A claimer writes STARTED carrying its claimant name and a lease through the {@link FencedClaimWriter} (which
 * aborts it instead when a COMPLETED of the id comes first: the claimer then answers from that; the writer has read
 * the partition up to the STARTED), and then: a COMPLETED read means the request is answered; an earlier claim of
 * another claimant that is still live means it waits (renewing its own claim) for that claim's
 * COMPLETED or death; otherwise it owns the request. Every claimer derives the same order from the same records, so
 * of two live claims exactly one is earlier. Why this holds across crashes and clocks: docs/design.md.
 */
public final class Claims implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);
    private static final Duration WAIT_STEP = Duration.ofMillis(50);

    /** What a claim came to. */
    public sealed interface Decision {

        /**
         * This claimer owns the request until {@code leaseUntil}; {@code prior} says whether an earlier run (another
         * claimant's, now dead, or a crashed run of ours) may have called the provider.
         */
        record Run(PriorAttempts prior, Instant leaseUntil, boolean othersBefore) implements Decision {
        }

        /** Another claim answered it. */
        record Answered(LedgerEntry.Completed done) implements Decision {
        }

        /** Stopping, or the request's partition moved on, before the claim decided. */
        record Stopped() implements Decision {
        }
    }

    private final IntentLedger ledger;
    private final ClaimBoard board;
    private final IntentTail tail;
    private final FencedClaimWriter writer;
    private final String claimant;
    private final ClaimConfig config;
    private final ClaimLife life;
    private final Clock clock;
    private final MeterRegistry meters;

    Claims(final IntentLedger ledger, final ClaimBoard board, final IntentTail tail, final FencedClaimWriter writer,
           final String instance,
           final String incarnation, final ClaimConfig config, final ClaimLife life, final Clock clock,
           final MeterRegistry meters) {
        this.ledger = ledger;
        this.board = board;
        this.tail = tail;
        this.writer = writer;
        this.claimant = instance + "/" + incarnation;
        this.config = config;
        this.life = life;
        this.clock = clock;
        this.meters = meters;
        meters.gauge("connector.claims.open", board, ClaimBoard::size);
    }

    /**
     * Claims {@code request} for this process. Blocks while an earlier live claim of another claimant exists. A
     * STARTED is never written once a COMPLETED of the request_id was read, and never becomes visible after one.
     */
    public Decision claim(final NumberRequest request, final int attempt, final PriorAttempts prior,
                          final BooleanSupplier stopping) {
        final var id = request.getRequestId();
        boolean waited = false;
        while (true) {
            if (stopping.getAsBoolean()) {
                return new Decision.Stopped();
            }
            final var before = completed(id);
            if (before.isPresent()) {
                return answered(id, before.get());
            }
            final var leaseUntil = clock.instant().plus(config.lease());
            final var sent = new AtomicReference<Intent>();
            final var written = writer.write(id, () -> {
                // Stamped at each try: the board's renewal rule reads when the STARTED was really written.
                sent.set(ledger.startedIntent(request, attempt, claimant, leaseUntil, null));
                return ledger.startedRecord(sent.get());
            }, stopping);
            switch (written) {
                case FencedClaimWriter.Written.Stopped s -> {
                    return new Decision.Stopped();
                }
                case FencedClaimWriter.Written.Answered a -> {
                    return answered(id, a.done());
                }
                case FencedClaimWriter.Written.Visible v ->
                    // The writer read everything before this STARTED (the rest of its batch is its own STARTEDs of
                    // other ids), so the board knows every earlier claim: add this one without waiting for the
                    // tail to read it back (reading it again changes nothing).
                    ledger.claimed(id, new LedgerEntry.Started(attempt, prior.since(), null), v.at(), sent.get());
            }
            while (true) {
                final var done = completed(id);
                if (done.isPresent()) {
                    return answered(id, done.get());
                }
                final var standing = ClaimStanding.of(board.holds(id), claimant, life, clock.instant());
                if (standing instanceof ClaimStanding.Absent) {
                    break;
                }
                if (standing instanceof ClaimStanding.First first) {
                    if (waited) {
                        LOG.info("request {}: the earlier claim of {} ended without a result; this instance takes"
                                + " the request over and looks it up at the provider first", id,
                                first.earlier().stream().map(ClaimBoard.Hold::claimant).toList());
                        meters.counter("connector.claims", "outcome", "taken_over").increment();
                    }
                    return new Decision.Run(new PriorAttempts(prior.mayHaveRun() || first.takesOver(), prior.since(),
                            candidate(id, prior), settles(first.earlier(), prior.settles())),
                            first.mine().leaseUntil(), first.takesOver());
                }
                final var behind = (ClaimStanding.Behind) standing;
                if (!waited) {
                    LOG.info("request {} is claimed by {}; waiting for its result", id, behind.live().claimant());
                    meters.counter("connector.claims", "outcome", "waited").increment();
                    waited = true;
                }
                if (dueForRenewal(behind.mine().leaseUntil())) {
                    break;
                }
                if (stopping.getAsBoolean() || !Pauses.sleep(WAIT_STEP)) {
                    return new Decision.Stopped();
                }
            }
        }
    }

    /**
     * Records (STARTED again, without a claim of its own) the search-and-purchase candidate about to be bought, so a
     * run taking the request over looks that number up. Through the same writer: never visible after a COMPLETED.
     */
    FencedClaimWriter.Written recordCandidate(final NumberRequest request, final int attempt, final Instant since,
                                              final String candidate, final BooleanSupplier stopping) {
        final var id = request.getRequestId();
        final var written = writer.write(id, () -> ledger.startedRecord(ledger.startedIntent(request, attempt, null,
                null, candidate)), stopping);
        if (written instanceof FencedClaimWriter.Written.Visible) {
            ledger.started(id, new LedgerEntry.Started(attempt, since, candidate));
        }
        return written;
    }

    /** True once half the lease is gone: the holder writes a fresh STARTED before relying on the claim again. */
    public boolean dueForRenewal(final Instant leaseUntil) {
        return clock.instant().isAfter(leaseUntil.minus(config.lease().dividedBy(2)));
    }

    /**
     * When nothing the earlier claims' holders sent can still be performed; null when that moment has passed. Until
     * then the taker's lookup may answer the request (found), but a post waits for it ({@link ClaimLife#settledAt}),
     * so a takeover after a crash answers at once when the call was performed and waits only before posting again.
     */
    private Instant settles(final List<ClaimBoard.Hold> earlier, final Instant already) {
        final var now = clock.instant();
        Instant latest = already;
        for (final var hold : earlier) {
            final var settled = life.settledAt(hold);
            if (settled.isAfter(now) && (latest == null || settled.isAfter(latest))) {
                latest = settled;
            }
        }
        return latest;
    }

    private Decision answered(final CharSequence id, final LedgerEntry.Completed done) {
        meters.counter("connector.claims", "outcome", "answered_elsewhere").increment();
        LOG.info("request {} was answered by another run; answering from its result", id);
        return new Decision.Answered(done);
    }

    /** The intents topic's partition count the claims are placed and read by, read once at start. */
    public int partitions() {
        return tail.partitions();
    }

    /** Why the claim writer is stuck (a lane's transaction not done in time, named), for /health. */
    public Optional<String> stalled() {
        return writer.stalled();
    }

    @Override
    public void close() {
        writer.close();
        tail.close();
    }

    /**
     * The search-and-purchase candidate to reconcile: the latest one the ledger holds (a claimer taken over may have
     * recorded one after this request read the ledger), else the one it started with.
     */
    private String candidate(final String id, final PriorAttempts prior) {
        return ledger.lookup(id).filter(LedgerEntry.Started.class::isInstance).map(LedgerEntry.Started.class::cast)
                .map(LedgerEntry.Started::candidate).orElse(prior.candidate());
    }

    private Optional<LedgerEntry.Completed> completed(final String id) {
        return ledger.completedOf(id);
    }
}
