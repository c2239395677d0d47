package dev.numbers.bridge.bench;

import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import dev.numbers.bridge.orderstate.OrderStateStreams;
import dev.numbers.harness.FreePorts;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One benchmark run: a fresh bridge (HTTP server, intake producer, Streams topology on topics of its own) with the
 * given settings, a warm-up batch that is sent and seen through to its order-state events, then the measured batch,
 * also seen through. CPU is counted from the first measured webhook until the last one's order-state event was
 * read, so it holds every thread's work for exactly those webhooks (and the idle loops around them).
 */
final class BenchRun {

    private final KafkaBroker kafka;
    private final String registryUrl;
    private final BenchOptions options;

    BenchRun(final KafkaBroker kafka, final String registryUrl, final BenchOptions options) {
        this.kafka = kafka;
        this.registryUrl = registryUrl;
        this.options = options;
    }

    RunResult run(final String label, final Map<String, Object> settings) throws Exception {
        final var suffix = UUID.randomUUID().toString().substring(0, 8);
        final var raw = "bench-raw-" + suffix;
        final var states = "bench-states-" + suffix;
        final var results = "bench-results-" + suffix;
        for (final var topic : List.of(raw, results, states)) {
            kafka.createTopic(topic, 3);
        }
        final var port = FreePorts.next();
        final var props = new HashMap<String, Object>();
        props.put("micronaut.server.port", port);
        props.put("bridge.management.port", FreePorts.next());
        props.put("bridge.webhooks.public-base-url", "http://127.0.0.1:" + port);
        props.put("bridge.webhooks.signalwire-signing-key", LoadClient.SIGNING_KEY);
        props.put("bridge.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("bridge.kafka.registry-url", registryUrl);
        props.put("bridge.kafka.raw-topic", raw);
        props.put("bridge.order-state.application-id", "bridge-bench-" + suffix);
        props.put("bridge.order-state.results-topic", results);
        props.put("bridge.order-state.order-states-topic", states);
        props.put("bridge.order-state.state-dir", Files.createTempDirectory("bench-state").toString());
        props.putAll(settings);
        final var warm = new ConcurrentHashMap<String, Long>();
        final var measured = new ConcurrentHashMap<String, Long>();
        final var lags = new ArrayList<Long>();
        final var stop = new AtomicBoolean();
        final var seen = new AtomicInteger();
        final var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (var context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext()) {
            // measure the steady state, not the first rebalance
            final var streams = context.getBean(OrderStateStreams.class).streams();
            await().atMost(Duration.ofSeconds(120)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            final var lagReader = Thread.ofPlatform().name("bench-lag").start(
                    () -> readLag(states, warm, measured, lags, seen, stop));
            final var client = new LoadClient(port, options.clients(), options.rate());
            try {
                client.send(options.warmup(), warm);
                awaitThrough(warm);
                final double loadBefore = os.getSystemLoadAverage();
                final var before = ThreadCpu.snapshot();
                final long start = System.nanoTime();
                final var sent = client.send(options.webhooks(), measured);
                // the measured batch is through when its last order-state event was read; a lost one ends the wait
                awaitThrough(measured);
                final var cpu = ThreadCpu.since(before, sent.clientCpuNanos());
                final double seconds = (System.nanoTime() - start) / 1e9;
                final var latencies = sent.latencies().clone();
                Arrays.sort(latencies);
                final long[] lagArray;
                synchronized (lags) {
                    lagArray = lags.stream().mapToLong(Long::longValue).sorted().toArray();
                }
                return new RunResult(label, loadBefore, os.getSystemLoadAverage(), options.webhooks(),
                        options.webhooks() / sent.seconds(), seconds, cpu, sent.failures(), sent.firstFailure(),
                        latencies, lagArray, seen.get());
            } finally {
                stop.set(true);
                lagReader.join();
            }
        }
    }

    /** Until every webhook sent has its order-state event read; a lost one ends the wait after a minute. */
    private static void awaitThrough(final Map<String, Long> pending) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(pending::isEmpty);
        } catch (ConditionTimeoutException e) {
            // counted: the run reports events seen against webhooks sent
        }
    }

    private void readLag(final String topic, final Map<String, Long> warm, final Map<String, Long> measured,
            final List<Long> lags, final AtomicInteger seen, final AtomicBoolean stop) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-lag-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final var serde = SerdeConfig.of(registryUrl);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(OrderStateEvent.class, SchemaRegistryClient.http(serde)))) {
            consumer.subscribe(List.of(topic));
            while (!stop.get()) {
                for (final var record : consumer.poll(Duration.ofMillis(50))) {
                    final long now = System.currentTimeMillis();
                    final var sent = measured.get(record.key());
                    if (sent != null) {
                        synchronized (lags) {
                            lags.add(now - sent);
                        }
                        seen.incrementAndGet();
                        // removed after its lag is kept: the run ends when this map is empty
                        measured.remove(record.key());
                    } else {
                        warm.remove(record.key());
                    }
                }
            }
        }
    }
}
