package dev.numbers.bridge.confirm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last unmappable answer dead-lettered for each order (its SHA-256), so an order whose provider keeps answering
 * the same unmappable body is dead-lettered once, not at every poll; a different body is dead-lettered again. Without
 * it one broken order filled the DLQ with a copy every {@code poll-every}. Bounded: past {@link #MAX_ORDERS} the
 * order remembered longest ago is forgotten (at worst one more copy of its answer). Poller thread only.
 */
final class DeadLetteredAnswers {

    static final int MAX_ORDERS = 10_000;

    private final Map<String, byte[]> last = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, byte[]> eldest) {
            return size() > MAX_ORDERS;
        }
    };

    /** True when {@code body} is not the answer last dead-lettered for {@code orderId}; remembers it either way. */
    boolean isNew(final String orderId, final byte[] body) {
        final var digest = sha256(body == null ? new byte[0] : body);
        final var before = last.remove(orderId);
        last.put(orderId, digest);
        return before == null || !Arrays.equals(before, digest);
    }

    private static byte[] sha256(final byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
