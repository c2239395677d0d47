package dev.numbers.bridge.ingest;

import dev.numbers.bridge.observe.RegistryErrorMeter;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.RegistryErrors;
import io.micrometer.core.instrument.MeterRegistry;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.HashMap;
import org.apache.kafka.common.serialization.Serializer;

/** Avro serializers in the Confluent wire format, registering their schemas in the configured registry. */
@Factory
final class SerdeFactory {

    @Singleton
    Serializer<RawWebhook> rawWebhookSerializer(final KafkaConfig config, final MeterRegistry meters) {
        final var serializer = new ConfluentAvroSerializer<RawWebhook>();
        // registry auth and TLS keys (basic.auth.user.info, schema.registry.ssl.*) pass through like Kafka's
        final var props = new HashMap<String, Object>(config.passthrough());
        props.put("schema.registry.url", config.registryUrl());
        serializer.configure(props, false);
        return RegistryErrors.reporting(serializer, RegistryErrorMeter.of(meters));
    }
}
