package dev.numbers.bridge.management;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;

/**
 * Refuses to start when the management port is the server port: the endpoints would then be served to the providers
 * on the public port, which is what the separate port exists to prevent.
 */
@Context
final class ManagementPortCheck {

    ManagementPortCheck(final ManagementConfig config, @Value("${micronaut.server.port:8080}") final int serverPort) {
        if (config.port() == serverPort) {
            throw new IllegalStateException("bridge.management.port (" + config.port() + ") is the server port: the "
                    + "management endpoints would be public; give them a port of their own");
        }
    }
}
