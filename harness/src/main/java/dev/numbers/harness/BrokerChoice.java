package dev.numbers.harness;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Decides where the shared broker runs, from the mode asked for and what the Docker engine (if any) can give. */
sealed interface BrokerChoice {

    /** Testcontainers' Kafka: the engine answers and holds every image it will start. */
    record Container() implements BrokerChoice {
    }

    /** The in-JVM broker; {@code reason} says why not a container when one was considered, empty otherwise. */
    record InJvm(String reason) implements BrokerChoice {
    }

    /**
     * Never pulls: an image missing from the engine means "no container" here, because a pull where no registry is
     * reachable retries for minutes. In {@link BrokerMode#CONTAINER} mode that is a failure with the images to build.
     */
    static BrokerChoice decide(final BrokerMode mode, final Supplier<Optional<DockerEngine>> engine,
            final Supplier<List<String>> images) {
        if (mode == BrokerMode.IN_JVM) {
            // the default never looks for Docker nor loads Testcontainers
            return new InJvm("");
        }
        final var problem = problem(engine.get(), images.get());
        if (problem.isEmpty()) {
            return new Container();
        }
        if (mode == BrokerMode.CONTAINER) {
            throw new IllegalStateException("-D" + BrokerMode.PROPERTY + "=container, but " + problem.get()
                    + " (deploy/images/build makes the images; -D" + BrokerMode.PROPERTY
                    + "=auto falls back to the in-JVM broker)");
        }
        return new InJvm(problem.get());
    }

    private static Optional<String> problem(final Optional<DockerEngine> engine, final List<String> images) {
        if (engine.isEmpty()) {
            return Optional.of("no Docker engine (no DOCKER_HOST, no /var/run/docker.sock)");
        }
        final var docker = engine.get();
        if (!docker.answers()) {
            return Optional.of("the Docker engine at " + docker.name() + " does not answer");
        }
        final var missing = images.stream().filter(image -> !docker.hasImage(image)).toList();
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("the Docker engine at " + docker.name() + " lacks " + String.join(", ", missing)
                        + " and the harness never pulls");
    }
}
