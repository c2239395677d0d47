package dev.numbers.connector.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.harness.FreePorts;
import dev.numbers.harness.ServiceProcess;
import dev.numbers.sandbox.simulator.Faults;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The provider simulator ({@code SimulatorMain}) as its own OS process, driven over its HTTP admin endpoints. For a
 * test that measures time at the simulator: in the test JVM it would share pauses with the in-JVM broker, and a
 * paused simulator counts the calls that queued meanwhile as arriving together.
 */
final class SimulatorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port = FreePorts.next();
    private final ServiceProcess process;

    SimulatorProcess(final Path log) {
        this.process = ServiceProcess.builder("simulator", "dev.numbers.sandbox.simulator.SimulatorMain")
                .jvmArgs("-Xmx128m", "-XX:+UseSerialGC")
                .args("--port", Integer.toString(port), "--no-record")
                .log(log)
                .port(port)
                .healthPath("/_sim/limits")
                .build()
                .start();
        favour(process.pid());
        process.awaitHealthy(Duration.ofSeconds(60));
    }

    /**
     * The simulator stands in for a provider on other machines: when the test machine is overloaded it must not be
     * starved with the connectors, or it reads calls that queued at its socket as one clump and refuses what the
     * connectors spaced correctly. Raising its priority needs root (CI and the dev machines run as root); without it
     * the test runs as it is.
     */
    private static void favour(final long pid) {
        try {
            new ProcessBuilder("renice", "-n", "-10", "-p", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // No renice on this machine: run unfavoured.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    SimulatorConfig config() {
        // The process runs with the default fake credentials.
        return SimulatorConfig.defaults();
    }

    String signalWireBaseUrl() {
        return url("/api/relay/rest");
    }

    String telnyxBaseUrl() {
        return url("/v2");
    }

    /** POSTs a fault document (the JSON form of {@code ProviderSimulator.applyFaults}). */
    void faults(final String json) throws IOException, InterruptedException {
        final var answer = HTTP.send(HttpRequest.newBuilder(URI.create(url("/_sim/faults")))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("simulator refused the faults: " + answer.body());
        }
    }

    /** What the account limit did for {@code account} so far. */
    Faults.LimitCounts limitCounts(final String account) throws IOException, InterruptedException {
        final var counts = get("/_sim/limits").path(account);
        return new Faults.LimitCounts(counts.path("accepted").asLong(), counts.path("refused").asLong());
    }

    private JsonNode get(final String path) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private String url(final String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.kill();
    }
}
