package dev.numbers.schemas.serde;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers for a short while that the registry answered 404 for a key (an unknown schema id, a schema not registered
 * under a subject), so a topic full of records naming an unknown id costs one registry call per TTL instead of one
 * per record. Short, because an id or schema can appear later (registered by CI, a registry catching up).
 */
final class MissingSchemas<K> {

    /** Hostile records can name any number of ids: past this many misses, expired ones go and new ones are not kept. */
    private static final int MAX_REMEMBERED = 10_000;

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<K, Miss> misses = new ConcurrentHashMap<>();

    MissingSchemas(final Duration ttl, final LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Throws the remembered answer again while it is fresh. */
    void rethrowIfKnownMissing(final K key) {
        if (ttlNanos <= 0) {
            return;
        }
        final var miss = misses.get(key);
        if (miss == null) {
            return;
        }
        if (nanoClock.getAsLong() - miss.atNanos() < ttlNanos) {
            throw new SchemaNotFoundException(miss.message());
        }
        misses.remove(key, miss);
    }

    void remember(final K key, final SchemaNotFoundException answer) {
        if (ttlNanos <= 0) {
            return;
        }
        final long now = nanoClock.getAsLong();
        if (misses.size() >= MAX_REMEMBERED) {
            misses.values().removeIf(miss -> now - miss.atNanos() >= ttlNanos);
            if (misses.size() >= MAX_REMEMBERED) {
                return;
            }
        }
        misses.put(key, new Miss(answer.getMessage(), now));
    }

    private record Miss(String message, long atNanos) {
    }
}
