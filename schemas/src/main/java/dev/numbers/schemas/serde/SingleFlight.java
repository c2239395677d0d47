package dev.numbers.schemas.serde;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs one load per key at a time: callers asking for a key that is already being loaded wait for that load and get
 * its answer, or its failure. At a cold start with a backlog, a thousand requests serialize their first record at
 * once; without this each asked the registry for the same schema and HTTP/2 refused most of them ("too many
 * concurrent streams"). Written here rather than taken from Caffeine because a failed load must be shared too:
 * Caffeine's synchronous {@code get} lets each waiter retry a failed load in turn, one registry timeout apiece.
 */
final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    V load(final K key, final Supplier<V> loader) {
        final var mine = new CompletableFuture<V>();
        final var theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            return await(theirs);
        }
        try {
            final var value = loader.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    private static <V> V await(final CompletableFuture<V> load) {
        try {
            return load.join();
        } catch (CompletionException e) {
            // The waiter sees the loader's own exception type, so callers handle shared and own failures alike.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
