package dev.numbers.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Tells whether a Docker engine answers, without making machines that have none wait for it. */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean engineAnswers() {
        if (Boolean.getBoolean("harness.noDocker")) {
            return false;
        }
        final var hostSet = System.getenv("DOCKER_HOST") != null;
        if (!hostSet && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
