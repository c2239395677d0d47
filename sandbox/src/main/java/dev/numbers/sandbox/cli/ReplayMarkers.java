package dev.numbers.sandbox.cli;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Which DLQ records were replayed already. A replay leaves a marker on the DLQ itself, in the replayed record's
 * partition and in the same transaction as the copy: a record with an empty value (not a tombstone) whose
 * {@value #REPLAY_OF} header names the record ({@code partition@offset}) and whose {@value #REPLAYED_TO} header names
 * where the copy went. So the marker is committed exactly when the copy is, lives at least as long as the record it
 * marks (written after it, under the same retention), and the next replay reads it along with the records.
 */
record ReplayMarkers(Map<String, String> replayed) {

    static final String REPLAY_OF = "numbers.replay-of";
    static final String REPLAYED_TO = "numbers.replayed-to";

    ReplayMarkers {
        replayed = Map.copyOf(replayed);
    }

    /** The markers among {@code read} (a DLQ as {@link DlqCommand.Source#read} returns it). */
    static ReplayMarkers of(final List<ConsumerRecord<byte[], byte[]>> read) {
        final var replayed = new HashMap<String, String>();
        for (final var record : read) {
            final var of = DlqCommand.header(record.headers(), REPLAY_OF);
            if (of != null) {
                final var to = DlqCommand.header(record.headers(), REPLAYED_TO);
                replayed.putIfAbsent(of, to == null ? "?" : to);
            }
        }
        return new ReplayMarkers(replayed);
    }

    /** The dead letters among {@code read}: everything but the markers. */
    static List<ConsumerRecord<byte[], byte[]>> withoutMarkers(final List<ConsumerRecord<byte[], byte[]>> read) {
        return read.stream().filter(r -> r.headers().lastHeader(REPLAY_OF) == null).toList();
    }

    /** Where {@code record} was replayed to, if it was. */
    Optional<String> to(final ConsumerRecord<byte[], byte[]> record) {
        return Optional.ofNullable(replayed.get(DlqCommand.id(record)));
    }

    /** The marker for {@code record}, replayed to {@code where} ({@code topic-partition@offset}). */
    static ProducerRecord<byte[], byte[]> marker(final String dlq, final ConsumerRecord<byte[], byte[]> record,
                                                 final String where) {
        final var marker = new ProducerRecord<>(dlq, record.partition(), record.key(), new byte[0]);
        marker.headers().add(REPLAY_OF, DlqCommand.id(record).getBytes(StandardCharsets.UTF_8));
        marker.headers().add(REPLAYED_TO, where.getBytes(StandardCharsets.UTF_8));
        return marker;
    }
}
