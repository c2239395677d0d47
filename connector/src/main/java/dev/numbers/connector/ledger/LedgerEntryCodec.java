package dev.numbers.connector.ledger;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A stored entry as bytes: a tag, then fixed-width fields (about 30 bytes, plus the request topic's name when the
 * entry names its source). Only committed entries are stored, so a result is always a position in the topic.
 */
final class LedgerEntryCodec {

    private static final byte STARTED = 1;
    private static final byte COMPLETED = 2;

    private LedgerEntryCodec() {
    }

    static byte[] encode(final LedgerEntry entry) {
        return switch (entry) {
            case LedgerEntry.Started started -> {
                // A search-and-purchase's candidate follows, when there is one (entries without it end here).
                final var candidate = started.candidate() == null ? new byte[0]
                        : started.candidate().getBytes(StandardCharsets.UTF_8);
                final var buffer = ByteBuffer.allocate(1 + 4 + 8 + (candidate.length > 0 ? 4 + candidate.length : 0))
                        .put(STARTED).putInt(started.attempt()).putLong(started.since().toEpochMilli());
                if (candidate.length > 0) {
                    buffer.putInt(candidate.length).put(candidate);
                }
                yield buffer.array();
            }
            case LedgerEntry.Completed done -> {
                if (!(done.result() instanceof LedgerEntry.StoredResult.InTopic at)) {
                    throw new IllegalArgumentException("only a committed result (a position) is stored");
                }
                final var topic = done.source().map(s -> s.topic().getBytes(StandardCharsets.UTF_8))
                        .orElse(new byte[0]);
                final var buffer = ByteBuffer.allocate(1 + 4 + 8 + 4 + 8 + 1 + 4 + topic.length + 4 + 8)
                        .put(COMPLETED).putInt(done.attempt()).putLong(done.requestedAt().toEpochMilli())
                        .putInt(at.partition()).putLong(at.offset());
                done.source().ifPresentOrElse(s -> buffer.put((byte) 1).putInt(topic.length).put(topic)
                        .putInt(s.partition()).putLong(s.offset()), () -> buffer.put((byte) 0));
                yield buffer.position() == buffer.capacity() ? buffer.array()
                        : Arrays.copyOf(buffer.array(), buffer.position());
            }
        };
    }

    /** Throws IllegalArgumentException for bytes this codec did not write. */
    static LedgerEntry decode(final byte[] bytes) {
        try {
            final var in = ByteBuffer.wrap(bytes);
            return switch (in.get()) {
                case STARTED -> {
                    final int attempt = in.getInt();
                    final var since = Instant.ofEpochMilli(in.getLong());
                    String candidate = null;
                    if (in.hasRemaining()) {
                        final var text = new byte[in.getInt()];
                        in.get(text);
                        candidate = new String(text, StandardCharsets.UTF_8);
                    }
                    yield new LedgerEntry.Started(attempt, since, candidate);
                }
                case COMPLETED -> {
                    final int attempt = in.getInt();
                    final var requestedAt = Instant.ofEpochMilli(in.getLong());
                    final var result = new LedgerEntry.StoredResult.InTopic(in.getInt(), in.getLong());
                    Optional<RecordRef> source = Optional.empty();
                    if (in.get() == 1) {
                        final var topic = new byte[in.getInt()];
                        in.get(topic);
                        source = Optional.of(new RecordRef(new String(topic, StandardCharsets.UTF_8).intern(),
                                in.getInt(), in.getLong()));
                    }
                    yield new LedgerEntry.Completed(attempt, source, result, requestedAt);
                }
                default -> throw new IllegalArgumentException("unknown ledger entry tag " + bytes[0]);
            };
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated ledger entry of " + bytes.length + " byte(s)", e);
        }
    }

    /** The by-requested-at index key: the time (sign-flipped, so byte order is time order), then the id. */
    static byte[] timeKey(final Instant requestedAt, final byte[] id) {
        return ByteBuffer.allocate(8 + id.length).putLong(requestedAt.toEpochMilli() ^ Long.MIN_VALUE).put(id)
                .array();
    }

    static Instant timeOf(final byte[] timeKey) {
        return Instant.ofEpochMilli(ByteBuffer.wrap(timeKey).getLong() ^ Long.MIN_VALUE);
    }

    static byte[] idOf(final byte[] timeKey) {
        return Arrays.copyOfRange(timeKey, 8, timeKey.length);
    }
}
