package dev.numbers.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds the unpacked Apicurio distribution, unpacking it from the local Maven repository when needed. */
final class ApicurioDistribution {

    private static final String RUNNER = "quarkus-run.jar";

    private ApicurioDistribution() {
    }

    static Path locate() {
        final var configured = System.getProperty("apicurio.home", "").trim();
        if (!configured.isEmpty() && Files.isRegularFile(Path.of(configured, RUNNER))) {
            return Path.of(configured);
        }
        final var target = Path.of(System.getProperty("java.io.tmpdir"), "numbers-apicurio-"
                + ApicurioRegistry.VERSION);
        if (Files.isRegularFile(target.resolve(RUNNER))) {
            return target;
        }
        return unpack(archive(), target);
    }

    private static Path archive() {
        final var repo = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        final var version = ApicurioRegistry.VERSION;
        final var file = Path.of(repo, "io", "apicurio", "apicurio-registry-app", version,
                "apicurio-registry-app-" + version + "-all.tar.gz");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Apicurio Registry " + version + " is not in the local Maven repository ("
                    + file + "). Fetch it with: ./mvnw -pl harness generate-resources");
        }
        return file;
    }

    private static Path unpack(final Path archive, final Path target) {
        try {
            final var partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
            final var tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", partial.toString())
                    .inheritIO().start();
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("could not unpack " + archive);
            }
            try {
                Files.move(partial, target);
            } catch (IOException e) {
                // another JVM unpacked it first; use theirs
                if (!Files.isRegularFile(target.resolve(RUNNER))) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("could not unpack " + archive + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + archive, e);
        }
    }
}
