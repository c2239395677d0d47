package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {

    @Test
    void reportsRegistryFailuresByKindAndRethrowsThem() {
        final Map<String, Integer> counts = new TreeMap<>();
        final var onError = RegistryErrors.counting(kind -> () -> counts.merge(kind, 1, Integer::sum));
        final Deserializer<String> unavailable = (topic, data) -> {
            throw new RegistryUnavailableException("registry down", 503);
        };
        final Serializer<String> incompatible = (topic, data) -> {
            throw new IncompatibleSchemaException("409", "not BACKWARD");
        };
        final var reading = RegistryErrors.reporting(unavailable, onError);
        final var writing = RegistryErrors.reporting(incompatible, onError);

        assertThatThrownBy(() -> reading.deserialize("t", new RecordHeaders(), new byte[1]))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(() -> reading.deserialize("t", new byte[1]))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(() -> writing.serialize("t", "x")).isInstanceOf(IncompatibleSchemaException.class);

        assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.of("unavailable", 2, "incompatible", 1)));
    }

    @Test
    void aBadRecordIsNotARegistryError() {
        final var reported = new ArrayList<SchemaRegistryException>();
        final Deserializer<String> garbage = (topic, data) -> {
            throw new SerializationException("not Avro");
        };
        assertThatThrownBy(() -> RegistryErrors.reporting(garbage, reported::add).deserialize("t", new byte[1]))
                .isInstanceOf(SerializationException.class);
        assertThat(reported).isEmpty();
    }
}
