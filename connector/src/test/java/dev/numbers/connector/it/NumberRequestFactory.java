package dev.numbers.connector.it;

import dev.numbers.schemas.avro.NumberRequest;
import java.time.Instant;

/** A request as a well-behaved producer writes it, around any operation. */
final class NumberRequestFactory {

    private NumberRequestFactory() {
    }

    static NumberRequest of(final String requestId, final Object operation) {
        return NumberRequest.newBuilder().setRequestId(requestId).setRequestedAt(Instant.now()).setTenant("team-a")
                .setCorrelationId("corr-" + requestId).setOperation(operation).build();
    }

    /** Produces the request keyed by its request_id, as a producer using the registry does, and waits for the ack. */
    static void publish(final String topic, final dev.numbers.schemas.serde.SerdeConfig serde, final NumberRequest request) {
        final var props = new java.util.Properties();
        props.put("bootstrap.servers", dev.numbers.harness.KafkaBroker.shared().bootstrapServers());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
             var serializer = new dev.numbers.schemas.serde.ConfluentAvroSerializer<NumberRequest>(serde)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                    request.getRequestId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    serializer.serialize(topic, request)));
            producer.flush();
        }
    }
}
