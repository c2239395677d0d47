package dev.numbers.sandbox.simulator;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runtime-changeable fault settings shared by all handlers. */
public final class Faults {

    private final Map<Endpoint, EndpointFault> perEndpoint = new EnumMap<>(Endpoint.class);
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, JunkAnswer> junk = new ConcurrentHashMap<>();
    private volatile boolean outage;
    private volatile double ratePerSecond;
    private volatile int burst;
    private volatile SlidingSecondLimit accountLimit;

    public synchronized Faults set(Endpoint endpoint, EndpointFault fault) {
        perEndpoint.put(endpoint, fault);
        return this;
    }

    public synchronized EndpointFault get(Endpoint endpoint) {
        return perEndpoint.getOrDefault(endpoint, EndpointFault.NONE);
    }

    /** Every provider endpoint answers 503 while on. */
    public Faults outage(boolean on) {
        outage = on;
        return this;
    }

    public boolean outage() {
        return outage;
    }

    /** Token bucket per account (SignalWire project, Telnyx key); 0 disables it. */
    public Faults rateLimit(double perSecond, int burstSize) {
        ratePerSecond = perSecond;
        burst = Math.max(1, burstSize);
        buckets.clear();
        return this;
    }

    /**
     * Each account (SignalWire project, Telnyx key) may make at most {@code perSecond} calls in any sliding second,
     * across all its callers; 0 removes the limit. Takes precedence over {@link #rateLimit}.
     */
    public Faults accountLimit(int perSecond) {
        accountLimit = perSecond > 0 ? new SlidingSecondLimit(perSecond) : null;
        return this;
    }

    /** Calls of {@code account} (e.g. {@code "signalwire:" + projectId}) the account limit accepted and refused. */
    public LimitCounts limitCounts(String account) {
        final SlidingSecondLimit limit = accountLimit;
        return limit == null ? new LimitCounts(0, 0) : limit.counts(account);
    }

    /** The same for every account that made a call, by account. */
    public Map<String, LimitCounts> limitCounts() {
        final SlidingSecondLimit limit = accountLimit;
        return limit == null ? Map.of() : limit.all();
    }

    /** What an account limit did: calls accepted (served) and refused with 429 since the limit was set. */
    public record LimitCounts(long accepted, long refused) {
    }

    /**
     * Answers {@code kind} to every successful call whose path or body names {@code target} (a phone number, a
     * campaign id), so one request gets a broken answer while the others behind it are served normally.
     */
    public Faults junk(String target, JunkAnswer kind) {
        junk.put(target, kind);
        return this;
    }

    /** The junk answer configured for a call naming one of the targets, if any. */
    JunkAnswer junkFor(String path, byte[] body) {
        if (junk.isEmpty()) {
            return null;
        }
        final String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        for (final var entry : junk.entrySet()) {
            if (path.contains(entry.getKey()) || text.contains(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    public synchronized Faults clear() {
        perEndpoint.clear();
        junk.clear();
        outage = false;
        ratePerSecond = 0;
        buckets.clear();
        accountLimit = null;
        return this;
    }

    /** Takes a token for the account; null when no limit is configured. */
    Admission acquire(String account) {
        final SlidingSecondLimit limit = accountLimit;
        if (limit != null) {
            return limit.acquire(account);
        }
        final double rate = ratePerSecond;
        if (rate <= 0) {
            return null;
        }
        return buckets.computeIfAbsent(account, a -> new TokenBucket(rate, burst)).take();
    }

    /** Takes a token from the account's own limit ({@link Accounts#rateLimit}), or as above when it has none. */
    Admission acquire(String account, Limit own) {
        if (own == null) {
            return acquire(account);
        }
        // The key carries the limit, so changing an account's limit starts a fresh bucket.
        return buckets.computeIfAbsent(account + "|" + own, a -> new TokenBucket(own.perSecond(), own.burst())).take();
    }

    /** A token bucket's settings: {@code perSecond} tokens refilled, at most {@code burst} held. */
    record Limit(double perSecond, int burst) {
        Limit {
            burst = Math.max(1, burst);
        }
    }

    /**
     * The limit's answer; {@code remaining} and {@code resetSeconds} (seconds until the window resets, as Telnyx
     * documents {@code x-ratelimit-reset}) feed Telnyx's x-ratelimit headers.
     */
    record Admission(boolean allowed, int limit, int remaining, long retryAfterSeconds, long resetSeconds) {
    }

    private static final class TokenBucket {
        private final double rate;
        private final int capacity;
        private double tokens;
        private long refilledAt = System.nanoTime();

        TokenBucket(double rate, int capacity) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
        }

        synchronized Admission take() {
            final long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                final long full = (long) Math.ceil((capacity - tokens) / rate);
                return new Admission(true, capacity, (int) tokens, 0, full);
            }
            final long wait = Math.max(1, (long) Math.ceil((1 - tokens) / rate));
            return new Admission(false, capacity, 0, wait, wait);
        }
    }
}
