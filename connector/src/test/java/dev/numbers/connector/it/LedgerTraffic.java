package dev.numbers.connector.it;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the ledger ITs send and read: requests (all to partition 0, keyed by request_id), intents written as
 * another instance or a crashed run would have, and the committed results.
 */
record LedgerTraffic(SerdeConfig serde, String requests, String results, String intents) {

    void send(final List<NumberRequest> values) {
        try (var serializer = new ConfluentAvroSerializer<NumberRequest>(serde)) {
            KafkaIo.send(values.stream().map(v -> new ProducerRecord<>(requests, 0,
                    v.getRequestId().toString().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(requests, v))).toList());
        }
    }

    void writeIntent(final Intent intent) {
        try (var serializer = new ConfluentAvroSerializer<Intent>(serde)) {
            KafkaIo.send(List.of(new ProducerRecord<>(intents,
                    intent.getRequestId().toString().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(intents, intent))));
        }
    }

    /** The first {@code count} committed results, in topic order. */
    List<NumberResult> results(final int count, final Duration within) {
        try (var deserializer = new ConfluentAvroDeserializer<>(NumberResult.class, serde)) {
            return KafkaIo.readCommitted(results, count, within).stream()
                    .map(r -> deserializer.deserialize(results, r.value())).toList();
        }
    }
}
