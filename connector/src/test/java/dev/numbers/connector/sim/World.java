package dev.numbers.connector.sim;

import dev.numbers.connector.ledger.ClaimConfig;
import dev.numbers.connector.quota.SteppedQuotas;
import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Everything the simulated instances share, driven by one {@link Random}: the clock, the request partitions with
 * their committed offsets, the intents topic, the committed results and quota entries, the tenant's total quota, the
 * provider, the trace and what broke.
 */
final class World {

    static final Instant START = Instant.parse("2026-03-02T12:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(5);
    /** The provider calls' HTTP request time-out. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** {@code connector.claims.provider-margin}: how long after the request time-out the provider may still perform. */
    static final Duration PROVIDER_MARGIN = Duration.ofSeconds(50);
    /** The claims configuration the instances run with, checked by the real configuration's rules. */
    static final ClaimConfig CLAIMS = new ClaimConfig(LEASE, CLOCK_MARGIN, 0, PROVIDER_MARGIN);
    /**
     * How long after receiving a call the provider may still perform it: exactly what the configuration promises
     * (request time-out plus provider margin), the tightest bound the claim rule must hold against.
     */
    static final Duration PROCESSING_BOUND = REQUEST_TIMEOUT.plus(PROVIDER_MARGIN);

    /** The second SignalWire account (besides the default one) purchases and releases may go through. */
    static final String SECOND_ACCOUNT = "b";

    /** {@code connector.ledger.dedupe-window}: a COMPLETED whose request is older is tombstoned (LedgerExpiry). */
    static final Duration DEDUPE_WINDOW = Duration.ofDays(7);
    /** A request unknown to the ledger and older than this is REJECTED stale (the window less the clock margin). */
    static final Duration STALE_AFTER = DEDUPE_WINDOW.minus(CLOCK_MARGIN);

    /** The most a publisher keeps a result of a partition its member no longer owns, unless it is stuck. */
    static final Duration PUBLISH_CYCLE = Duration.ofSeconds(5);

    /** A request record: its key decides its partition; {@code undecodable} ones go to the DLQ when read. */
    record Request(String key, NumberRequest request, boolean undecodable) {
    }

    /** A result committed to the results topic; {@code ran} when a run produced it (not a replay). */
    record Published(String requestId, NumberResult result, boolean ran, String by, int partition, long offset) {
    }

    final Random random;
    final Faults faults;
    final SimClock clock = new SimClock(START);
    final List<List<Request>> requests = new ArrayList<>();
    final long[] committed;
    final List<Intent> intents = new ArrayList<>();
    final List<Published> results = new ArrayList<>();
    /** The quotas topic: every committed entry, in order. */
    final List<QuotaEntry> quotas = new ArrayList<>();
    final SteppedQuotas quotaLog;
    /**
     * The total every tenant may hold. Drawn from its own generator, so a seed's other choices are those it made before
     * quotas joined the schedules.
     */
    final int quotaLimit;
    final SimProvider provider;
    /** The DLQ: the copies of records that could not be decoded, committed with their offset. */
    final List<Request> deadLetters = new ArrayList<>();
    final List<String> trace = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    /** Off in a batch (formatting every step costs more than the step); on when a failing seed is replayed. */
    private final boolean tracing;

    World(final long seed, final Faults faults, final int partitions, final boolean tracing) {
        this.tracing = tracing;
        this.random = new Random(seed);
        this.quotaLimit = 1 + new Random(~seed).nextInt(8);
        this.quotaLog = new SteppedQuotas(quotas, clock);
        this.faults = faults;
        this.committed = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            requests.add(new ArrayList<>());
        }
        this.provider = new SimProvider(this);
    }

    int partitions() {
        return committed.length;
    }

    void produce(final String key, final NumberRequest request) {
        produce(key, request, false);
    }

    void produce(final String key, final NumberRequest request, final boolean undecodable) {
        final int partition = Math.floorMod(key.hashCode(), partitions());
        requests.get(partition).add(new Request(key, request, undecodable));
        log("produce %s key=%s → p%d@%d%s", request.getRequestId(), key, partition,
                requests.get(partition).size() - 1, undecodable ? " (undecodable until the operator's fix)" : "");
    }

    void log(final String format, final Object... args) {
        if (!tracing) {
            return;
        }
        final long ms = Duration.between(START, clock.instant()).toMillis();
        trace.add(String.format("t=%7.3fs ", ms / 1000.0) + String.format(format, args));
    }

    void violated(final String invariant, final String detail) {
        final var line = invariant + ": " + detail;
        violations.add(line);
        log("VIOLATION %s", line);
    }
}
