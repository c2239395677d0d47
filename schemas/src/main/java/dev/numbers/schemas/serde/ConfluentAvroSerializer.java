package dev.numbers.schemas.serde;

import java.io.ByteArrayOutputStream;
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
    private final Map<String, SchemaId> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

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
        final int id = schemaId(topic, schema);
        final var buffers = BUFFERS.get();
        final var out = buffers.out;
        out.reset();
        out.write(Framing.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            buffers.encoder = EncoderFactory.get().directBinaryEncoder(out, buffers.encoder);
            writer(schema).write(data, buffers.encoder);
            buffers.encoder.flush();
        } catch (IOException | RuntimeException e) {
            // Avro reports a missing required field as a NullPointerException: say which record it was.
            throw new SerializationException(
                    "cannot write " + schema.getFullName() + " to " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(final String topic, final Schema schema) {
        // Hot path: the same generated class (same Schema instance) on the same topic, compared by identity.
        final var cached = idsByTopic.get(topic);
        if (cached != null && cached.schema == schema) {
            return cached.id;
        }
        final var subject = config.subjectNameStrategy().subject(topic, schema, isKey);
        final int id = config.autoRegister() ? registry.register(subject, schema) : registry.lookup(subject, schema);
        idsByTopic.put(topic, new SchemaId(schema, id));
        return id;
    }

    private SpecificDatumWriter<T> writer(final Schema schema) {
        return writers.computeIfAbsent(schema, SpecificDatumWriter::new);
    }

    private record SchemaId(Schema schema, int id) {
    }

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
    }
}
