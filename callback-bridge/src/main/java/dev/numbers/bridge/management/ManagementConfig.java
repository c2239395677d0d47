package dev.numbers.bridge.management;

import dev.numbers.bridge.config.Settings;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The management port: {@code /health}, {@code /prometheus} and {@code /orders/{id}} are served there and only there
 * ({@code endpoints.all.port} is set from it in {@code application.yml}), so the public port that providers and the
 * internet reach answers {@code /webhooks/*} and nothing else. Key {@code bridge.management.port}
 * ({@code BRIDGE_MANAGEMENT_PORT}, default 8091).
 *
 * @param port the management port; must differ from {@code micronaut.server.port} ({@link ManagementPortCheck})
 */
@ConfigurationProperties(ManagementConfig.PREFIX)
public record ManagementConfig(int port) {

    public static final String PREFIX = "bridge.management";

    public ManagementConfig {
        Settings.within(PREFIX + ".port", port, 1, 65535);
    }
}
