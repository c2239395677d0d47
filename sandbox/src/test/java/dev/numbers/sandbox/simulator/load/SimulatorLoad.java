package dev.numbers.sandbox.simulator.load;

import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keep-alive load against an embedded simulator at zero configured latency, so the connector's benchmarks can trust
 * that the simulator is not their bottleneck. Not part of {@code ./mvnw verify}; run it as docs/simulator.md shows:
 * <pre>
 * ./mvnw -B -ntp -o -q test-compile exec:java -pl sandbox -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.numbers.sandbox.simulator.load.SimulatorLoad -Dexec.args="mixed 32 10"
 * </pre>
 * Arguments: scenario ({@code purchase}, {@code lookup} or {@code mixed}: one purchase then one exact-match lookup),
 * concurrent connections, seconds to measure (after a 3 s warm-up).
 */
public final class SimulatorLoad {

    /** What one run measured. */
    public record Result(String scenario, int connections, long requests, long errors, double seconds,
                         long p50Micros, long p99Micros) {

        public double requestsPerSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%s: %d connections, %d requests in %.1f s = %.0f req/s, errors %d, p50 %d us, p99 %d us",
                    scenario, connections, requests, seconds, requestsPerSecond(), errors, p50Micros, p99Micros);
        }
    }

    private SimulatorLoad() {
    }

    public static void main(String[] args) throws Exception {
        final String scenario = args.length > 0 ? args[0] : "mixed";
        final int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        final int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults())) {
            run(sim, scenario, connections, Duration.ofSeconds(3));
            System.out.println(run(sim, scenario, connections, Duration.ofSeconds(seconds)));
        }
        System.exit(0);
    }

    /** Drives the simulator from {@code connections} threads, each waiting for its answer before the next request. */
    public static Result run(ProviderSimulator sim, String scenario, int connections, Duration duration)
            throws Exception {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final String auth = "Basic " + Base64.getEncoder().encodeToString(
                (sim.config().signalWireProjectId() + ":" + sim.config().signalWireToken())
                        .getBytes(StandardCharsets.UTF_8));
        final URI purchase = URI.create(sim.signalWireBaseUrl() + "/phone_numbers");
        final AtomicLong numbers = new AtomicLong(System.nanoTime() % 1_000_000 * 1_000);
        final AtomicLong errors = new AtomicLong();
        final long deadline = System.nanoTime() + duration.toNanos();
        final List<long[]> latencies = new ArrayList<>();
        final long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            final List<Future<long[]>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    long[] mine = new long[1 << 14];
                    int n = 0;
                    String lastBought = "+12025550100";
                    boolean buyNext = !scenario.equals("lookup");
                    while (System.nanoTime() < deadline) {
                        final HttpRequest request;
                        if (buyNext) {
                            lastBought = "+1" + (2_000_000_000L + numbers.incrementAndGet() % 7_999_999_999L);
                            request = HttpRequest.newBuilder(purchase).header("Authorization", auth)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"" + lastBought + "\"}"))
                                    .build();
                        } else {
                            request = HttpRequest.newBuilder(URI.create(sim.signalWireBaseUrl()
                                            + "/phone_numbers?filter_number=%2B" + lastBought.substring(1)))
                                    .header("Authorization", auth).GET().build();
                        }
                        final long t0 = System.nanoTime();
                        final HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        final long micros = (System.nanoTime() - t0) / 1_000;
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = micros;
                        if (scenario.equals("mixed")) {
                            buyNext = !buyNext;
                        }
                    }
                    return Arrays.copyOf(mine, n);
                }));
            }
            for (Future<long[]> w : workers) {
                latencies.add(w.get());
            }
        }
        final double elapsed = (System.nanoTime() - started) / 1e9;
        final long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(scenario, connections, all.length, errors.get(), elapsed,
                all.length == 0 ? 0 : all[all.length / 2], all.length == 0 ? 0 : all[(int) (all.length * 0.99)]);
    }
}
