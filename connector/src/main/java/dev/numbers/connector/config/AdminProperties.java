package dev.numbers.connector.config;

import java.util.HashMap;
import java.util.Map;

/** The admin client's share of the connector's common Kafka client settings. */
public final class AdminProperties {

    private AdminProperties() {
    }

    /**
     * {@code kafka} without the consumer- and producer-only keys, which would only produce "unknown config" warnings
     * in the admin client.
     */
    public static Map<String, Object> of(final Map<String, Object> kafka) {
        final var props = new HashMap<>(kafka);
        props.keySet().removeIf(key -> key.startsWith("group.") || key.startsWith("transaction")
                || key.startsWith("isolation") || key.startsWith("enable.") || key.startsWith("auto."));
        return props;
    }
}
