package dev.numbers.connector.sim;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.account.Secret;
import dev.numbers.connector.executor.Avro;
import dev.numbers.connector.executor.LedgerGate;
import dev.numbers.connector.executor.LedgerView;
import dev.numbers.connector.executor.Outputs;
import dev.numbers.connector.executor.QuotaDesk;
import dev.numbers.connector.executor.RequestExecutor;
import dev.numbers.connector.executor.RequestPath;
import dev.numbers.connector.executor.ResultRecords;
import dev.numbers.connector.ledger.ClaimLife;
import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.provider.InFlight;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.quota.Quotas;
import dev.numbers.connector.validation.RequestBounds;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One connector process: the real {@link RequestPath}, {@link LedgerGate} and {@link RequestExecutor} over its own
 * {@link Mirror} of the intents topic and the {@link SimClaims} protocol. Dies and restarts as a new incarnation.
 */
final class SimInstance {

    private final World world;
    private final String name;
    private final Map<ProducerRecord<byte[], byte[]>, LedgerEntry.Completed> written = new IdentityHashMap<>();
    /**
     * Finished here, their transaction not decided yet, as the production ledger keeps them ({@code
     * IntentLedger.pending}): looked up before the mirror, settled by exactly the COMPLETED record that carries them.
     */
    private final Map<String, Unsettled> pending = new HashMap<>();
    /** COMPLETED intents of finished runs whose partition was revoked before their transaction, and since when. */
    private final Map<ProducerRecord<byte[], byte[]>, Instant> orphans = new IdentityHashMap<>();
    private final RequestPath path;
    private int incarnation;
    /** The real rule of how long an earlier claim stands in the way, for this incarnation. */
    private ClaimLife life;
    private Mirror mirror;
    /** The production record of this incarnation's posts still in flight; it dies with the process. */
    private InFlight inFlight;
    /** The production quotas of this incarnation: what it admitted dies with it. */
    private Quotas quotas;
    /** Set when the process dies inside a provider call. */
    boolean crashed;
    /** Set when a graceful stop interrupts a provider call: the instance stops once the record's handling returns. */
    boolean stopping;
    boolean alive = true;

    SimInstance(final World world, final String name) {
        this.world = world;
        this.name = name;
        this.mirror = new Mirror(0);
        this.inFlight = new InFlight(World.PROCESSING_BOUND, world.clock, wait -> false);
        this.life = ClaimLife.of(World.CLAIMS, name, world.clock.instant(), World.REQUEST_TIMEOUT);
        this.quotas = world.quotaLog.process(claimant(), world.quotaLimit);
        final var meters = new SimpleMeterRegistry();
        final var signalWire = new AccountId(Provider.SIGNALWIRE, AccountCatalog.DEFAULT);
        final var second = new AccountId(Provider.SIGNALWIRE, World.SECOND_ACCOUNT);
        final var telnyx = new AccountId(Provider.TELNYX, AccountCatalog.DEFAULT);
        final var accounts = new AccountCatalog(List.of(new ProviderAccount(signalWire, "http://signalwire.invalid",
                "project", new Secret.Fixed("t"), 10), new ProviderAccount(second, "http://signalwire.invalid",
                "project-b", new Secret.Fixed("u"), 10), new ProviderAccount(telnyx, "http://telnyx.invalid", null,
                new Secret.Fixed("k"), 10)), Map.of(), Map.of());
        final var executor = new RequestExecutor(new RequestValidator(), accounts, world.provider::through,
                new ProviderHealth(meters, List.of(signalWire, second, telnyx)), meters, world.clock);
        final var limits = RequestLimits.defaults();
        final LedgerView ledger = new MirrorView();
        final QuotaDesk desk = new QuotaDesk() {
            @Override
            public Quotas.Admission admit(final NumberRequest request, final AccountId account,
                                          final BooleanSupplier stopping) {
                return quotas.admit(request, account, stopping);
            }

            @Override
            public List<ProducerRecord<byte[], byte[]>> settled(final NumberRequest request,
                                                                final NumberResult result) {
                return quotas.settled(request, result);
            }
        };
        // A wait ends the handling (as if interrupted): nothing else moves while one record is handled, so the
        // record is left for a later step, when what it waits for may have changed.
        this.path = new RequestPath(new RequestPath.Steps(new RequestBounds(limits, world.clock),
                new LedgerGate(ledger, new SimClaims(world, this), meters, world.clock), executor, ledger, desk),
                new RequestPath.Publishing(new ResultBounds(limits), new ResultRecords("results",
                        (topic, result) -> Avro.bytes(result)), new RequestPath.ResultsHealth() {
                            @Override
                            public void up() {
                            }

                            @Override
                            public void down(final String reason) {
                            }
                        }, wait -> false, Duration.ofSeconds(1)), meters);
    }

    String name() {
        return name;
    }

    String claimant() {
        return name + "/" + incarnation;
    }

    Mirror mirror() {
        return mirror;
    }

    InFlight inFlight() {
        return inFlight;
    }

    ClaimLife life() {
        return life;
    }

    /** The tail reads what is committed so far. */
    void catchUp() {
        mirror.readTo(world.intents, world.intents.size());
    }

    /** Reads only part of what is committed: the tail lags. */
    void catchUpSome() {
        final int end = world.intents.size();
        mirror.readTo(world.intents, mirror.read() + world.random.nextInt(end - mirror.read() + 1));
    }

    void die() {
        alive = false;
        crashed = false;
        stopping = false;
        written.clear();
        pending.clear();
        orphans.clear();
    }

    /** The run finished, but its partition was revoked before its transaction: the publisher holds it as an orphan. */
    void orphaned(final Outputs.Ran ran) {
        orphans.put(ran.completed(), world.clock.instant());
    }

    boolean holdsOrphans() {
        return !orphans.isEmpty();
    }

    /** Whether an orphan is older than {@code bound}: the publisher has had its cycle since. */
    boolean holdsOrphansOlderThan(final Duration bound) {
        final var before = world.clock.instant().minus(bound);
        return orphans.values().stream().anyMatch(at -> at.isBefore(before));
    }

    /**
     * The publisher drops its orphans: the ledger forgets exactly their COMPLETED records ({@code
     * IntentLedger.discarded}), not a newer completion of the same request_id.
     */
    void dropOrphans() {
        for (final var record : orphans.keySet()) {
            written.remove(record);
            pending.values().removeIf(unsettled -> unsettled.record() == record);
        }
        orphans.clear();
    }

    /**
     * A new incarnation. Its store is caught up to the end of the topic before it serves; an empty store is rebuilt
     * from the start, so its board sees every claim; with a store kept from before (stale or current) the board
     * learns the claims the tail reads: it starts at the first STARTED written within the real look-back
     * ({@link ClaimLife#lookback}) before this start.
     */
    void restart(final boolean emptyStore) {
        incarnation++;
        alive = true;
        final var now = world.clock.instant();
        life = ClaimLife.of(World.CLAIMS, name, now, World.REQUEST_TIMEOUT);
        quotas = world.quotaLog.process(claimant(), world.quotaLimit);
        inFlight = new InFlight(World.PROCESSING_BOUND, world.clock, wait -> false);
        mirror = new Mirror(emptyStore ? 0 : tailStart(now.minus(life.lookback(World.LEASE))));
        catchUp();
    }

    /** The first offset stamped at or after {@code since}, as the tail seeks by time; the end when there is none. */
    private long tailStart(final Instant since) {
        for (int offset = 0; offset < world.intents.size(); offset++) {
            if (!world.intents.get(offset).writtenAt().isBefore(since)) {
                return offset;
            }
        }
        return world.intents.size();
    }

    /** Runs one record; empty when it published nothing (waiting, abandoned, or the process died). */
    Optional<Outputs> handle(final NumberRequest request, final RecordRef source, final BooleanSupplier moved) {
        world.provider.caller = this;
        return path.handle(request, 100, source, () -> crashed || stopping || moved.getAsBoolean());
    }

    /** The COMPLETED intent a run's outputs carry. */
    LedgerEntry.Completed completedOf(final Outputs.Ran ran) {
        return written.remove(ran.completed());
    }

    /** The committer tells the ledger of its own COMPLETED right after the commit. */
    void committed(final String requestId, final ProducerRecord<byte[], byte[]> record,
                   final LedgerEntry.Completed done) {
        pending.computeIfPresent(requestId, (id, unsettled) -> unsettled.record() == record ? null : unsettled);
        mirror.apply(Long.MAX_VALUE, new Intent(requestId, done, null, null, world.clock.instant()));
    }

    private final class MirrorView implements LedgerView {
        @Override
        public Optional<LedgerEntry> lookup(final String requestId) {
            final var finished = pending.get(requestId);
            return finished != null ? Optional.of(finished.entry()) : mirror.lookup(requestId);
        }

        @Override
        public void forget(final String requestId) {
            pending.remove(requestId);
        }

        @Override
        public boolean stale(final NumberRequest request) {
            return request.getRequestedAt().isBefore(world.clock.instant().minus(World.STALE_AFTER));
        }

        @Override
        public NumberResult result(final LedgerEntry.Completed done) {
            return switch (done.result()) {
                case LedgerEntry.StoredResult.Held held -> held.result();
                case LedgerEntry.StoredResult.Unpublished unpublished -> unpublished.result();
                case LedgerEntry.StoredResult.InTopic at -> throw new IllegalStateException("never stored by offset");
            };
        }

        @Override
        public ProducerRecord<byte[], byte[]> completed(final NumberRequest request, final NumberResult result,
                                                        final int attempt, final RecordRef source,
                                                        final List<ProducerRecord<byte[], byte[]>> settlements) {
            final var record = Avro.completed(written, request, result, attempt, source);
            pending.put(request.getRequestId().toString(), new Unsettled(new LedgerEntry.Completed(attempt,
                    Optional.of(source), new LedgerEntry.StoredResult.Unpublished(result, settlements),
                    request.getRequestedAt()), record));
            return record;
        }
    }

    /** A completion of this process and the record that carries it, until its transaction is decided. */
    private record Unsettled(LedgerEntry.Completed entry, ProducerRecord<byte[], byte[]> record) {
    }
}
