package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apicurio Registry 3.x process serving the Confluent API on a loopback port.
 *
 * <p>The distribution is the Maven Central artifact {@code io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all}:
 * the harness module's build unpacks it and passes its folder as {@code -Dapicurio.home}; without that, it is
 * unpacked from the local Maven repository into the temporary folder.
 */
public final class ApicurioRegistry implements SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    static final String VERSION = "3.3.3";

    /** Where and how to run the registry. {@code home} null means: find it as the class comment says. */
    public record Settings(Path home, int httpPort, int managementPort, Path log, Duration startTimeout) {
        public static Settings defaults() {
            return new Settings(null, FreePorts.next(), FreePorts.next(), null, Duration.ofSeconds(120));
        }

        public Settings withPorts(final int http, final int management) {
            return new Settings(home, http, management, log, startTimeout);
        }

        public Settings withLog(final Path file) {
            return new Settings(home, httpPort, managementPort, file, startTimeout);
        }
    }

    private final Process process;
    private final String url;
    private final Path log;
    private final int managementPort;

    private ApicurioRegistry(final Process process, final String url, final Path log, final int managementPort) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.managementPort = managementPort;
    }

    public static ApicurioRegistry start(final Settings settings) {
        final var home = settings.home() != null ? settings.home() : ApicurioDistribution.locate();
        final var command = new ArrayList<String>(List.of(
                JavaRuntime.java21OrNewer().toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + settings.httpPort(),
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + settings.managementPort(),
                "-Dapicurio.rules.global.compatibility=BACKWARD",
                "-Dquarkus.otel.sdk.disabled=true",
                "-jar", home.resolve("quarkus-run.jar").toString()));
        try {
            final var log = settings.log() != null ? settings.log() : Files.createTempFile("apicurio-", ".log");
            final var process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            final var registry = new ApicurioRegistry(process,
                    "http://127.0.0.1:" + settings.httpPort() + "/apis/ccompat/v7", log, settings.managementPort());
            registry.awaitReady(settings.startTimeout());
            LOG.info("Apicurio Registry {} listening at {} (log: {})", VERSION, registry.url, log);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Apicurio Registry from " + home, e);
        }
    }

    private void awaitReady(final Duration timeout) {
        final var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final var request = HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(5))
                .build();
        final var deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited during start-up with code "
                        + process.exitValue() + "; its log: " + log);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause();
        }
        close();
        throw new IllegalStateException("Apicurio Registry did not answer within " + timeout + "; its log: " + log);
    }

    private static void pause() {
        try {
            Thread.sleep(200); // polling a process we do not control; there is no event to await
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String url() {
        return url;
    }

    /**
     * Apicurio's Prometheus endpoint on the management port: what the registry itself counts, e.g. requests by path.
     */
    public String metricsUrl() {
        return "http://127.0.0.1:" + managementPort + "/metrics";
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
