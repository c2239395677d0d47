package dev.numbers.connector;

import sun.misc.Signal;

/**
 * SIGTERM is how an operator (and Kubernetes, on every rollout) asks the connector to stop. The JVM's own handling
 * runs the shutdown hooks (the graceful stop: drain, last commit, stores closed after the threads that read them)
 * and then exits 143, which a supervisor cannot tell from a crash. Here SIGTERM starts the same shutdown through
 * {@link System#exit} with 0, so a stop that went as planned reads as one.
 */
final class GracefulExit {

    private GracefulExit() {
    }

    static void onTerm() {
        try {
            Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("graceful-exit")
                    .start(() -> System.exit(0)));
        } catch (IllegalArgumentException unsupported) {
            // A platform without SIGTERM (or one the JVM reserves): its default stop stays.
        }
    }
}
