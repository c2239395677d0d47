package dev.numbers.bridge.bench;

import dev.numbers.harness.FreePorts;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Load test of the whole bridge on this machine: real broker and registry, the bridge's HTTP server and Streams
 * topology, and a closed-loop client (hand-written keep-alive HTTP/1.1 connections) posting SignalWire-signed 10DLC callbacks (each about a new order, so each one
 * becomes one order-state event). Reports webhooks/s and latency at the endpoint, and the lag from sending a webhook
 * to its order-state event being readable (read_committed) on {@code numbers.order-states}.
 *
 * <p>Not a test: run it with the command in docs/bridge.md. Arguments: {@code concurrency seconds warmupSeconds [rate]}.
 */
public final class WebhookBenchmark {

    private static final String SIGNING_KEY = "bench-only-signing-key";

    private WebhookBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro");
        final int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        final int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        // 0: closed loop, as fast as the bridge answers; otherwise a paced total rate (webhooks/s) below saturation,
        // which is what order-state lag should be judged at
        final int rate = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        final long pauseNanos = rate <= 0 ? 0 : (long) (1e9 * concurrency / rate);

        final var kafka = KafkaBroker.shared();
        final var registryUrl = SchemaRegistry.shared().url();
        final var suffix = UUID.randomUUID().toString().substring(0, 8);
        final var raw = "bench-raw-" + suffix;
        final var results = "bench-results-" + suffix;
        final var states = "bench-states-" + suffix;
        kafka.createTopic(raw, 3);
        kafka.createTopic(results, 3);
        kafka.createTopic(states, 3);
        final var port = FreePorts.next();
        final var baseUrl = "http://127.0.0.1:" + port;
        final var props = new HashMap<String, Object>();
        props.put("micronaut.server.port", port);
        props.put("bridge.management.port", FreePorts.next());
        props.put("bridge.webhooks.public-base-url", baseUrl);
        props.put("bridge.webhooks.signalwire-signing-key", SIGNING_KEY);
        props.put("bridge.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("bridge.kafka.registry-url", registryUrl);
        props.put("bridge.kafka.raw-topic", raw);
        props.put("bridge.order-state.application-id", "bridge-bench-" + suffix);
        props.put("bridge.order-state.raw-topic", raw);
        props.put("bridge.order-state.results-topic", results);
        props.put("bridge.order-state.order-states-topic", states);
        props.put("bridge.order-state.state-dir", Files.createTempDirectory("bench-state").toString());
        final var context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
        // measure the steady state, not the first rebalance
        final var streams = context.getBean(dev.numbers.bridge.orderstate.OrderStateStreams.class).streams();
        final long runningBy = System.currentTimeMillis() + 60_000;
        while (streams.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING
                && System.currentTimeMillis() < runningBy) {
            Thread.sleep(100);
        }

        final var sentAt = new ConcurrentHashMap<String, Long>();
        final var lags = new ArrayList<Long>();
        final var measuring = new AtomicBoolean(false);
        final var stopLag = new AtomicBoolean(false);
        final var lagThread = Thread.ofPlatform().name("bench-lag").start(() -> readLag(kafka.bootstrapServers(),
                registryUrl, states, sentAt, lags, stopLag));

        final var url = baseUrl + "/webhooks/signalwire/10dlc";
        final var running = new AtomicBoolean(true);
        final var errors = new AtomicLong();
        final var firstError = new java.util.concurrent.atomic.AtomicReference<String>();
        final var latencies = new ArrayList<long[]>();
        final var counts = new int[concurrency];
        final var workers = new ArrayList<Thread>();
        for (int w = 0; w < concurrency; w++) {
            final var mine = new long[2_000_000 / concurrency + 1];
            latencies.add(mine);
            final int index = w;
            // platform threads named bench-client-N so that their CPU time can be told apart from the bridge's (the
            // bridge's request handlers run on virtual threads, whose CPU time the JVM reports only for the carriers)
            workers.add(Thread.ofPlatform().name("bench-client-" + w).start(() -> {
                final var mac = hmac();
                final RawHttp[] connection = new RawHttp[1];
                long next = System.nanoTime();
                while (running.get()) {
                    if (pauseNanos > 0) {
                        next += pauseNanos;
                        final long wait = next - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    final var orderId = UUID.randomUUID().toString();
                    final var body = ("{\"project_id\":\"bench-project\",\"event_at\":\"" + Instant.now()
                            + "\",\"event_category\":\"number_assignment_order\","
                            + "\"event_type\":\"number_assignment_order_processed\",\"state\":\"processed\","
                            + "\"brand_id\":\"bench-brand\",\"campaign_id\":\"bench-campaign\","
                            + "\"number_assignment_order_id\":\"" + orderId + "\"}").getBytes(StandardCharsets.UTF_8);
                    mac.update(url.getBytes(StandardCharsets.UTF_8));
                    final var signature = HexFormat.of().formatHex(mac.doFinal(body));
                    final boolean measured = measuring.get();
                    if (measured) {
                        sentAt.put(orderId, System.currentTimeMillis());
                    }
                    final long started = System.nanoTime();
                    try {
                        if (connection[0] == null) {
                            connection[0] = new RawHttp(port);
                        }
                        final int status = connection[0].post("/webhooks/signalwire/10dlc", signature, body);
                        if (status != 200) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "HTTP " + status);
                        }
                    } catch (java.io.IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                        if (connection[0] != null) {
                            connection[0].close();
                        }
                        connection[0] = null;
                    }
                    if (measured && counts[index] < mine.length) {
                        mine[counts[index]++] = System.nanoTime() - started;
                    }
                }
            }));
        }
        System.out.printf("warming up %ds with %d concurrent clients...%n", warmup, concurrency);
        Thread.sleep(Duration.ofSeconds(warmup));
        errors.set(0);
        // CPU time per webhook depends far less on what else runs on the machine than webhooks/s does
        final var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        final long cpuBefore = os.getProcessCpuTime();
        final var threadsBefore = ThreadCpu.snapshot();
        measuring.set(true);
        final long start = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(seconds));
        measuring.set(false);
        final double elapsed = (System.nanoTime() - start) / 1e9;
        final long cpuNanos = os.getProcessCpuTime() - cpuBefore;
        final var byPart = ThreadCpu.since(threadsBefore, cpuNanos);
        running.set(false);
        for (final var t : workers) {
            t.join();
        }
        final int expected = sentAt.size();
        // give the topology time to emit the last events before judging lag
        final long drainUntil = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < drainUntil) {
            synchronized (lags) {
                if (lags.size() >= expected) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        stopLag.set(true);
        lagThread.join();

        long total = 0;
        for (final int c : counts) {
            total += c;
        }
        final var all = new long[(int) total];
        int at = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies.get(w), 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        final long[] lagArray;
        synchronized (lags) {
            lagArray = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        System.out.printf("%n=== callback-bridge benchmark (%d clients, %s, %ds, %d cores) ===%n", concurrency,
                rate <= 0 ? "closed loop" : "paced at " + rate + "/s", seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("webhooks accepted: %d in %.1fs = %.0f/s; non-200 or failed: %d%n", total, elapsed,
                total / elapsed, errors.get());
        if (firstError.get() != null) {
            System.out.println("first failure: " + firstError.get());
        }
        System.out.printf("CPU per webhook (this whole JVM: broker, bridge, client): %.0f us; load average %.1f%n",
                total == 0 ? 0 : cpuNanos / 1e3 / total, os.getSystemLoadAverage());
        System.out.printf("CPU per webhook by part: bridge %.0f us, broker and other threads %.0f us, load client %.0f us, "
                + "JVM (GC, JIT) %.0f us%n", perWebhook(byPart.bridge(), total), perWebhook(byPart.broker(), total),
                perWebhook(byPart.client(), total), perWebhook(byPart.jvm(), total));
        System.out.printf("endpoint latency ms: p50 %.2f  p99 %.2f  max %.2f%n", pct(all, 0.50) / 1e6,
                pct(all, 0.99) / 1e6, all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("order-state events seen: %d of %d; lag ms: p50 %d  p99 %d  max %d%n", lagArray.length,
                expected, (long) pct(lagArray, 0.50), (long) pct(lagArray, 0.99),
                lagArray.length == 0 ? 0 : lagArray[lagArray.length - 1]);
        context.close();
        // stop the broker before exit: its shutdown hook races the deletion of its log directory otherwise
        kafka.close();
        System.exit(0);
    }

    private static double perWebhook(final long nanos, final long webhooks) {
        return webhooks == 0 ? 0 : nanos / 1e3 / webhooks;
    }

    private static void readLag(final String bootstrap, final String registryUrl, final String topic,
            final Map<String, Long> sentAt, final List<Long> lags, final AtomicBoolean stop) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-lag-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final var serde = SerdeConfig.of(registryUrl);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(OrderStateEvent.class, SchemaRegistryClient.http(serde)))) {
            consumer.subscribe(List.of(topic));
            while (!stop.get()) {
                for (final var record : consumer.poll(Duration.ofMillis(50))) {
                    final var sent = sentAt.get(record.key());
                    if (sent != null) {
                        synchronized (lags) {
                            lags.add(System.currentTimeMillis() - sent);
                        }
                    }
                }
            }
        }
    }

    /**
     * A keep-alive HTTP/1.1 connection written by hand: java.net.http costs more CPU per request than the bridge
     * itself, and on two cores the client would measure mostly itself.
     */
    private static final class RawHttp {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;

        RawHttp(final int port) throws java.io.IOException {
            this.socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            this.in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
        }

        int post(final String path, final String signature, final byte[] body) throws java.io.IOException {
            final var head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-SignalWire-Signature: " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            final var status = line();
            int length = 0;
            for (var header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return Integer.parseInt(status.split(" ")[1]);
        }

        void close() {
            try {
                socket.close();
            } catch (java.io.IOException e) {
                // nothing left to do with a broken connection
            }
        }

        private String line() throws java.io.IOException {
            final var text = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (c != '\r') {
                    text.append((char) c);
                }
            }
            return text.toString();
        }
    }

    private static Mac hmac() {
        try {
            final var mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double pct(final long[] sorted, final double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
