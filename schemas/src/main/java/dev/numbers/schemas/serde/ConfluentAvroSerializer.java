package dev.numbers.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record in the Confluent wire format, registering (or looking up) its schema under the
 * configured subject once per topic and schema.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** One buffer and encoder per thread: producers serialize on the caller's thread. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private SchemaRegistryClient registry;
    private SerdeConfig config;
    private boolean isKey;
    private final Map<String, Target<T>> targets = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public ConfluentAvroSerializer() {
    }

    public ConfluentAvroSerializer(final SchemaRegistryClient registry, final SerdeConfig config, final boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
        this.isKey = isKey;
    }

    public ConfluentAvroSerializer(final SerdeConfig config) {
        this(SchemaRegistryClient.http(config), config, false);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.config = SerdeConfig.fromMap(configs, isKey);
        this.registry = SchemaRegistryClient.http(config);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("ConfluentAvroSerializer used before configure()");
        }
        final var schema = data.getSchema();
        final var target = target(topic, schema);
        final var buffers = BUFFERS.get();
        final var out = buffers.out;
        out.reset();
        out.write(Framing.MAGIC_BYTE);
        out.writeInt(target.id);
        try {
            buffers.encoder = EncoderFactory.get().directBinaryEncoder(out, buffers.encoder);
            target.writer.write(data, buffers.encoder);
        } catch (IOException | RuntimeException e) {
            // Avro reports a missing required field as a NullPointerException: say which record it was.
            throw new SerializationException(
                    "cannot write " + schema.getFullName() + " to " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private Target<T> target(final String topic, final Schema schema) {
        // Hot path: the same generated class (same Schema instance) on the same topic, compared by identity.
        final var cached = targets.get(topic);
        if (cached != null && cached.schema == schema) {
            return cached;
        }
        final var subject = config.subjectNameStrategy().subject(topic, schema, isKey);
        final int id = config.autoRegister() ? registry.register(subject, schema) : registry.lookup(subject, schema);
        final var target = new Target<T>(schema, id, new SpecificDatumWriter<>(schema));
        targets.put(topic, target);
        return target;
    }

    /** Where records of one schema go on one topic: its id and the writer for it. */
    private record Target<T>(Schema schema, int id, SpecificDatumWriter<T> writer) {
    }

    private static final class Buffers {
        final GrowableBytes out = new GrowableBytes();
        BinaryEncoder encoder;
    }
}
