package dev.numbers.connector;

import io.micronaut.runtime.Micronaut;

/** Starts the connector: configuration is validated, then the request loop runs until shutdown. */
public final class Application {

    private Application() {
    }

    public static void main(final String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
