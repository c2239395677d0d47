package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.ConfluentAvroSerde;
import dev.numbers.schemas.serde.RegistryErrors;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SchemaRegistryException;
import dev.numbers.schemas.serde.SerdeConfig;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Avro serdes of the topology's public topics, sharing one registry client and its caches. The application hands
 * it the HTTP registry client; a {@code TopologyTestDriver} test hands it one answered from memory.
 */
public record OrderSerdes(Serde<RawWebhook> raw, Serde<NumberResult> results, Serde<OrderStateEvent> events) {

    /**
     * Each registry failure is reported to {@code onError} (the {@code registry errors} meter) before it propagates.
     */
    public static OrderSerdes of(final SchemaRegistryClient registry, final SerdeConfig config,
            final Consumer<SchemaRegistryException> onError) {
        return new OrderSerdes(
                RegistryErrors.reporting(new ConfluentAvroSerde<>(RawWebhook.class, registry, config, false), onError),
                RegistryErrors.reporting(new ConfluentAvroSerde<>(NumberResult.class, registry, config, false),
                        onError),
                RegistryErrors.reporting(new ConfluentAvroSerde<>(OrderStateEvent.class, registry, config, false),
                        onError));
    }
}
