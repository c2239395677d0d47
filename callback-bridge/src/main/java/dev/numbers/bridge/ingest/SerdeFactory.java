package dev.numbers.bridge.ingest;

import dev.numbers.bridge.kafka.KafkaConfig;
import dev.numbers.bridge.observe.RegistryErrorMeter;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.RegistryErrors;
import io.micrometer.core.instrument.MeterRegistry;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serializer;

/** Avro serializers in the Confluent wire format, registering their schemas in the configured registry. */
@Factory
final class SerdeFactory {

    @Singleton
    Serializer<RawWebhook> rawWebhookSerializer(final KafkaConfig config, final MeterRegistry meters) {
        // registry auth and TLS (basic.auth.user.info, bearer.auth.token, schema.registry.ssl.*) from the one place
        final var serializer = new ConfluentAvroSerializer<RawWebhook>(config.serde());
        return RegistryErrors.reporting(serializer, RegistryErrorMeter.of(meters));
    }
}
