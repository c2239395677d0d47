package dev.numbers.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The serializer and deserializer as one Kafka Streams {@link Serde} for a generated class. */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private Class<T> type;
    private ConfluentAvroSerializer<T> serializer;
    private ConfluentAvroDeserializer<T> deserializer;

    /**
     * For Streams' reflective construction ({@code default.value.serde}); {@link #configure} reads the class from
     * {@value ConfluentAvroDeserializer#READER_CLASS}.
     */
    public ConfluentAvroSerde() {
    }

    /** Unconfigured: {@link #configure} builds the registry client from Kafka properties. */
    public ConfluentAvroSerde(final Class<T> type) {
        this.type = type;
    }

    /** Ready to use, sharing one registry client (and its caches) between both directions. */
    public ConfluentAvroSerde(final Class<T> type, final SchemaRegistryClient registry, final SerdeConfig config,
                              final boolean isKey) {
        this.type = type;
        this.serializer = new ConfluentAvroSerializer<>(registry, config, isKey);
        this.deserializer = new ConfluentAvroDeserializer<>(type, registry);
    }

    public ConfluentAvroSerde(final Class<T> type, final SerdeConfig config) {
        this(type, SchemaRegistryClient.http(config), config, false);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final var config = SerdeConfig.fromMap(configs, isKey);
        final var registry = SchemaRegistryClient.http(config);
        this.serializer = new ConfluentAvroSerializer<>(registry, config, isKey);
        this.deserializer = type != null ? new ConfluentAvroDeserializer<>(type, registry)
                : new ConfluentAvroDeserializer<>(ConfluentAvroDeserializer.readerClassFrom(
                        configs.get(ConfluentAvroDeserializer.READER_CLASS)), registry);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
