package dev.numbers.sandbox.simulator.load;

import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
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
 * ./mvnw -B -ntp -q -pl sandbox -am test-compile exec:exec@sim-load -Dsim.load.args="mixed 32 10"
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

    /**
     * Drives the simulator from {@code connections} threads, each owning one keep-alive HTTP/1.1 connection and
     * waiting for its answer before sending the next request. A raw socket client rather than java.net.http: on a
     * 2-core machine the client shares the CPU with the simulator, and a lean client measures the server, not itself.
     */
    public static Result run(ProviderSimulator sim, String scenario, int connections, Duration duration)
            throws Exception {
        final String auth = "Basic " + Base64.getEncoder().encodeToString(
                (sim.config().signalWireProjectId() + ":" + sim.config().signalWireToken())
                        .getBytes(StandardCharsets.UTF_8));
        final String base = URI.create(sim.signalWireBaseUrl()).getPath();
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
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
                        socket.setTcpNoDelay(true);
                        final OutputStream out = new BufferedOutputStream(socket.getOutputStream());
                        final InputStream in = new BufferedInputStream(socket.getInputStream());
                        while (System.nanoTime() < deadline) {
                            final String request;
                            if (buyNext) {
                                lastBought = "+1" + (2_000_000_000L + numbers.incrementAndGet() % 7_999_999_999L);
                                final String body = "{\"number\":\"" + lastBought + "\"}";
                                request = "POST " + base + "/phone_numbers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Authorization: " + auth + "\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
                            } else {
                                request = "GET " + base + "/phone_numbers?filter_number=%2B" + lastBought.substring(1)
                                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth + "\r\n\r\n";
                            }
                            final long t0 = System.nanoTime();
                            out.write(request.getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            if (readResponse(in) != 200) {
                                errors.incrementAndGet();
                            }
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = (System.nanoTime() - t0) / 1_000;
                            if (scenario.equals("mixed")) {
                                buyNext = !buyNext;
                            }
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

    /** Reads one response (status line, headers, Content-Length body) and answers its status. */
    private static int readResponse(InputStream in) throws IOException {
        final String statusLine = readLine(in);
        if (statusLine == null) {
            throw new EOFException("the simulator closed the connection");
        }
        final int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        return status;
    }

    private static String readLine(InputStream in) throws IOException {
        final StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                final int len = line.length();
                return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
