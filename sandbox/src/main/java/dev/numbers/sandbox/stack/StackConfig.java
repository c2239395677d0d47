package dev.numbers.sandbox.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the local stack runs.
 *
 * @param dataDir           broker data, service logs and Streams state live here
 * @param connectorClassPath classpath of the connector service, or null when it is not built
 * @param bridgeClassPath   classpath of the callback bridge, or null when it is not built
 * @param startTimeout      how long each part may take to answer its health check
 * @param secured           run Kafka with a SASL_SSL-only listener (SCRAM users per service) and the registry behind
 *                          nginx with TLS and basic auth, as on a secured production cluster
 */
public record StackConfig(Path dataDir, String connectorClassPath, String bridgeClassPath, Duration startTimeout,
                          boolean secured) {

    /**
     * Classpaths come from {@code -Dnumbers.connector.classpath} / {@code -Dnumbers.bridge.classpath} (set by
     * ./numbers).
     */
    public static StackConfig from(final Path dataDir, final boolean secured) {
        return new StackConfig(dataDir, blankToNull(System.getProperty("numbers.connector.classpath")),
                blankToNull(System.getProperty("numbers.bridge.classpath")), Duration.ofSeconds(120), secured);
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
