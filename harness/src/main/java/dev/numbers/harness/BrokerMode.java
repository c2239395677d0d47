package dev.numbers.harness;

import java.util.Locale;

/**
 * Where the shared test broker runs, from {@code -Dharness.broker}. In-JVM is the default: it starts in seconds on
 * any machine, so an ordinary build never waits for containers. {@code container} puts it in Testcontainers' Kafka
 * and fails at once when that cannot be had; {@code auto} takes the container when it can and says why not otherwise.
 */
enum BrokerMode {
    IN_JVM, CONTAINER, AUTO;

    static final String PROPERTY = "harness.broker";

    static BrokerMode fromSystemProperty() {
        return parse(System.getProperty(PROPERTY, "in-jvm"));
    }

    static BrokerMode parse(final String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "in-jvm", "" -> IN_JVM;
            case "container" -> CONTAINER;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + value + ": expected in-jvm, container or auto");
        };
    }
}
