package dev.numbers.bridge;

import java.util.HashMap;
import java.util.Map;

/**
 * The fewest settings an application context of the bridge starts with and without reaching anything: no topology,
 * a test signing key, Kafka and the registry on a port nothing listens on. For tests of how configuration binds.
 */
public final class MinimalSettings {

    private MinimalSettings() {
    }

    /** A mutable copy, for a test to add or blank keys. */
    public static Map<String, Object> of() {
        final var props = new HashMap<String, Object>();
        props.put("bridge.order-state.enabled", "false");
        props.put("bridge.webhooks.signalwire-signing-key", "test-only-key");
        props.put("bridge.kafka.bootstrap-servers", "127.0.0.1:1");
        props.put("bridge.kafka.registry-url", "http://127.0.0.1:1/apis/ccompat/v7");
        return props;
    }
}
