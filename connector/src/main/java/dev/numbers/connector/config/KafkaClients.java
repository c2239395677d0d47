package dev.numbers.connector.config;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Every Kafka client of the connector is built here: the settings every client shares ({@code common}: bootstrap
 * servers, security, the operator's pass-through settings), then what the client's role sets, then its name,
 * {@code <client.id>-<role>}, so a reader finds each client and its settings through one class and an operator tells
 * the clients apart in the broker's logs, quotas and the client metrics. Byte-array serdes throughout: every record
 * is serialized by its owner, so a registry outage is never a client error.
 */
public final class KafkaClients {

    /** The name's prefix when the common settings name none. */
    static final String DEFAULT_NAME = "numbers-connector";

    private KafkaClients() {
    }

    /** A consumer named after {@code role}; {@code settings} may add, replace or remove common settings. */
    public static KafkaConsumer<byte[], byte[]> consumer(final Map<String, Object> common, final String role,
                                                         final Consumer<Map<String, Object>> settings) {
        return new KafkaConsumer<>(properties(common, role, settings), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** A producer named after {@code role}; {@code settings} may add, replace or remove common settings. */
    public static KafkaProducer<byte[], byte[]> producer(final Map<String, Object> common, final String role,
                                                         final Consumer<Map<String, Object>> settings) {
        return new KafkaProducer<>(properties(common, role, settings), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** An admin client named after {@code role}, without the consumer- and producer-only settings. */
    public static Admin admin(final Map<String, Object> common, final String role) {
        return Admin.create(AdminProperties.of(properties(common, role, props -> { })));
    }

    /** The properties a client of {@code role} is built with. */
    static Map<String, Object> properties(final Map<String, Object> common, final String role,
                                          final Consumer<Map<String, Object>> settings) {
        final var props = new HashMap<>(common);
        settings.accept(props);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, common.getOrDefault(CommonClientConfigs.CLIENT_ID_CONFIG,
                DEFAULT_NAME) + "-" + role);
        return props;
    }
}
