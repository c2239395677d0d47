package dev.numbers.schemas.serde;

import dev.numbers.schemas.serde.UndecodableRecordException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into one generated class, resolving whatever writer schema the frame names to that
 * class's schema (Avro schema resolution: defaults fill fields the writer did not have).
 *
 * <p>Bad bytes end in {@link UndecodableRecordException} with a {@link Reason}; an unreachable registry in
 * {@link RegistryUnavailableException}. Nothing else escapes for any input.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** Config key naming the generated class to read into, when Kafka constructs this class reflectively. */
    public static final String READER_CLASS = "specific.avro.reader.class";

    /** Decoders are reused per thread: a consumer's poll loop decodes on one thread. */
    private static final ThreadLocal<Decoders> DECODERS = ThreadLocal.withInitial(Decoders::new);

    private Class<T> readerClass;
    private Schema readerSchema;
    private SpecificData specificData;
    private SchemaRegistryClient registry;
    /** Per writer schema id: the reader, or why there is none. SpecificDatumReader caches its ResolvingDecoder. */
    private final Map<Integer, Resolution<T>> resolutions = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} with {@value #READER_CLASS} must follow. */
    public ConfluentAvroDeserializer() {
    }

    public ConfluentAvroDeserializer(final Class<T> readerClass, final SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        readInto(readerClass);
    }

    public ConfluentAvroDeserializer(final Class<T> readerClass, final SerdeConfig config) {
        this(readerClass, SchemaRegistryClient.http(config));
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.registry = SchemaRegistryClient.http(SerdeConfig.fromMap(configs, isKey));
        if (readerClass == null) {
            readInto(readerClassFrom(configs.get(READER_CLASS)));
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (readerClass == null) {
            throw new IllegalStateException("ConfluentAvroDeserializer used before configure()");
        }
        if (data.length == 0) {
            throw new UndecodableRecordException(Reason.TRUNCATED, topic, -1, "empty value", null);
        }
        if (data[0] != Framing.MAGIC_BYTE) {
            throw new UndecodableRecordException(Reason.BAD_MAGIC_BYTE, topic, -1,
                    String.format("first byte is 0x%02x, not the magic byte 0x00", data[0]), null);
        }
        if (data.length < Framing.HEADER_LENGTH) {
            throw new UndecodableRecordException(Reason.TRUNCATED, topic, -1,
                    data.length + " bytes, shorter than the 5-byte header", null);
        }
        final int id = Framing.schemaId(data);
        final var resolution = resolution(topic, id);
        if (resolution.reader == null) {
            throw new UndecodableRecordException(resolution.reason, topic, id, resolution.problem, null);
        }
        final var decoders = DECODERS.get();
        decoders.binary = DecoderFactory.get().binaryDecoder(
                data, Framing.HEADER_LENGTH, data.length - Framing.HEADER_LENGTH, decoders.binary);
        final var decoder = decoders.bounded.wrap(decoders.binary);
        final T record;
        try {
            record = resolution.reader.read(null, decoder);
        } catch (EOFException e) {
            throw new UndecodableRecordException(Reason.TRUNCATED, topic, id,
                    "body ends before the record does: " + e.getMessage(), e);
        } catch (Exception e) {
            // Garbage can claim impossible union branches or negative lengths; whatever Avro throws, the bytes are
            // the cause. Impossible sizes never get here as allocations: BoundedDecoder refuses them first.
            throw new UndecodableRecordException(Reason.CORRUPT_PAYLOAD, topic, id, String.valueOf(e), e);
        }
        if (!isEnd(decoder)) {
            throw new UndecodableRecordException(Reason.CORRUPT_PAYLOAD, topic, id,
                    "bytes left over after the record", null);
        }
        return record;
    }

    private static boolean isEnd(final BoundedDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            return false;
        }
    }

    private Resolution<T> resolution(final String topic, final int id) {
        final var cached = resolutions.get(id);
        if (cached != null) {
            return cached;
        }
        final Schema writer;
        try {
            writer = id < 0 ? null : registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            // Not cached: an id may appear once a registry replica catches up.
            throw new UndecodableRecordException(Reason.UNKNOWN_SCHEMA_ID, topic, id, e.getMessage(), e);
        }
        if (writer == null) {
            throw new UndecodableRecordException(Reason.UNKNOWN_SCHEMA_ID, topic, id, "negative schema id", null);
        }
        final var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        final Resolution<T> resolution = switch (compatibility.getType()) {
            case COMPATIBLE -> new Resolution<>(new SpecificDatumReader<>(writer, readerSchema, specificData), null,
                    null);
            default -> new Resolution<>(null, Reason.WRONG_TYPE, "writer schema " + writer.getFullName()
                    + " cannot be read as " + readerSchema.getFullName() + ": " + compatibility.getDescription());
        };
        resolutions.putIfAbsent(id, resolution);
        return resolution;
    }

    private void readInto(final Class<T> readerClass) {
        this.readerClass = Objects.requireNonNull(readerClass, "readerClass");
        this.specificData = SpecificData.getForClass(readerClass);
        this.readerSchema = specificData.getSchema(readerClass);
    }

    @SuppressWarnings("unchecked")
    static <T> Class<T> readerClassFrom(final Object value) {
        if (value instanceof Class<?> c) {
            return (Class<T>) c;
        }
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(READER_CLASS + " is required: the generated class to read into");
        }
        try {
            final var loader = Thread.currentThread().getContextClassLoader();
            return (Class<T>) Class.forName(value.toString().trim(), true,
                    loader != null ? loader : ConfluentAvroDeserializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(READER_CLASS + " names an unknown class: " + value, e);
        }
    }

    private static final class Decoders {
        final BoundedDecoder bounded = new BoundedDecoder();
        BinaryDecoder binary;
    }

    private record Resolution<T>(SpecificDatumReader<T> reader, Reason reason, String problem) {
    }
}
