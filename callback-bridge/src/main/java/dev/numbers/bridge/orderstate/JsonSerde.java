package dev.numbers.bridge.orderstate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the topology's internal records (repartition topic and state store), which no user reads: the public
 * topics stay Avro with registered schemas.
 */
final class JsonSerde<T> implements Serde<T> {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Class<T> type;
    // Bound to the type once: ObjectMapper.writeValueAsBytes/readValue look the (de)serializer up for every record,
    // which showed in a JFR profile of the bridge benchmark (4% of the whole JVM's samples, on the Streams thread).
    private final ObjectWriter writer;
    private final ObjectReader reader;

    JsonSerde(final Class<T> type) {
        this.type = type;
        this.writer = JSON.writerFor(type);
        this.reader = JSON.readerFor(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(data);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return reader.readValue(data);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON", e);
            }
        };
    }
}
