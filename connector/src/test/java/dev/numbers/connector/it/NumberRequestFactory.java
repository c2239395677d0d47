package dev.numbers.connector.it;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A request as a well-behaved producer writes it, around any operation. */
final class NumberRequestFactory {

    private NumberRequestFactory() {
    }

    static NumberRequest of(final String requestId, final Object operation) {
        return NumberRequest.newBuilder().setRequestId(requestId).setRequestedAt(Instant.now()).setTenant("team-a")
                .setCorrelationId("corr-" + requestId).setOperation(operation).build();
    }

    /** Produces the request keyed by its request_id, as a producer using the registry does, and waits for the ack. */
    static void publish(final String topic, final SerdeConfig serde, final NumberRequest request) {
        final var props = new Properties();
        props.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        try (var producer = new KafkaProducer<>(props,
                new ByteArraySerializer(),
                new ByteArraySerializer());
             var serializer = new ConfluentAvroSerializer<NumberRequest>(serde)) {
            producer.send(new ProducerRecord<>(topic,
                    request.getRequestId().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, request)));
            producer.flush();
        }
    }
}
