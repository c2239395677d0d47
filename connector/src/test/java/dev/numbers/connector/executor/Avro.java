package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Results to and from their Avro bytes, without a registry. */
public final class Avro {

    private Avro() {
    }

    /**
     * An in-memory ledger's COMPLETED record for {@code result}, remembered in {@code written} with the entry it
     * becomes once committed (the request path's outputs carry the record, the ledger learns where it landed).
     */
    public static ProducerRecord<byte[], byte[]> completed(
            final Map<ProducerRecord<byte[], byte[]>, LedgerEntry.Completed> written, final NumberRequest request,
            final NumberResult result, final int attempt, final RecordRef source) {
        final var record = new ProducerRecord<>("intents",
                request.getRequestId().toString().getBytes(StandardCharsets.UTF_8), bytes(result));
        written.put(record, new LedgerEntry.Completed(attempt, Optional.of(source),
                new LedgerEntry.StoredResult.Held(result), request.getRequestedAt()));
        return record;
    }

    public static byte[] bytes(final NumberResult result) {
        try {
            final ByteBuffer buffer = result.toByteBuffer();
            final var bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NumberResult decoded(final ProducerRecord<byte[], byte[]> record) {
        try {
            return NumberResult.fromByteBuffer(ByteBuffer.wrap(record.value()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
