package dev.numbers.bridge;

import io.micronaut.runtime.Micronaut;

/** The callback bridge: verified provider webhooks into Kafka. */
public final class Application {

    private Application() {
    }

    public static void main(final String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
