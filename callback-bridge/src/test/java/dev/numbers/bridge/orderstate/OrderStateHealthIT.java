package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.bridge.Health;
import dev.numbers.bridge.OrderStateReader;
import dev.numbers.bridge.TestBridge;
import dev.numbers.harness.FreePorts;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * {@code order-state-streams} in {@code /health} tells the truth, against the real broker and registry: DOWN with
 * the state and the reason once stream threads kept failing and the client shut down (the registry unreachable: not
 * the record's fault, so it is not dead-lettered), UP again once a bridge runs the topology, which then serves the
 * record that could not be read; DOWN once Streams is closed.
 */
class OrderStateHealthIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void downWhenThreadReplacementsAreExhaustedAndUpOnceTheTopologyRunsAgain() throws Exception {
        final var topics = TestBridge.Topics.unique("health-" + suffix, 1);
        final var orderId = "o-health-" + suffix;
        writeRawCallback(topics.raw(), orderId);
        final var common = Map.<String, Object>of(
                "bridge.webhooks.signalwire-signing-key", "health-key",
                "bridge.order-state.dead-letter-topic", "dlq-health-" + suffix,
                "bridge.order-state.max-thread-replacements", 1,
                // a dead thread's consumer leaves the group only when its session times out: keep that short here
                "bridge.order-state.properties.session.timeout.ms", "6000",
                "bridge.order-state.properties.heartbeat.interval.ms", "1000");

        final long started = System.nanoTime();
        try (var broken = TestBridge.start(topics, "health-" + suffix, with(common,
                "bridge.kafka.registry-url", "http://127.0.0.1:" + FreePorts.next() + "/apis/ccompat/v7"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> broken.streams().state() == KafkaStreams.State.ERROR);
            final var health = Health.of(broken.managementUrl(), OrderStateHealth.NAME);
            System.out.printf("registry unreachable: /health %d, order-state-streams %s, details %s (%d ms)%n",
                    health.http(), health.status(), health.details(), millisSince(started));

            assertThat(health.http()).isEqualTo(503);
            assertThat(health.status()).isEqualTo("DOWN");
            assertThat(health.detail("state")).isEqualTo("ERROR");
            assertThat(health.detail("reason")).contains("stream threads kept failing")
                    .contains("RegistryUnavailableException");
            // a liveness failure, so the orchestrator restarts the replica
            assertThat(Health.probe(broken.managementUrl(), "liveness")).isEqualTo(503);
            // the record is fine; the registry was away: nothing may have been dead-lettered
            assertThat(broken.context().getBean(MeterRegistry.class).find("bridge.webhooks.dlq").counters()).isEmpty();
            assertThat(broken.context().getBean(MeterRegistry.class).find("bridge.order_states.streams.thread_failures")
                    .tag("response", "shutdown_client").counter().count()).isEqualTo(1);
        }

        final long restarted = System.nanoTime();
        try (var healthy = TestBridge.start(topics, "health-" + suffix, common)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                final var health = Health.of(healthy.managementUrl(), OrderStateHealth.NAME);
                assertThat(health.status()).isEqualTo("UP");
                assertThat(health.detail("state")).isEqualTo("RUNNING");
            });
            assertThat(Health.probe(healthy.managementUrl(), "liveness")).isEqualTo(200);
            final var events = OrderStateReader.eventsOf(topics.states(), orderId, seen -> !seen.isEmpty());
            System.out.printf("registry back: order-state-streams UP, the stuck record served as %s->%s (%d ms)%n",
                    events.getFirst().getPreviousState(), events.getFirst().getState(), millisSince(restarted));
            assertThat(events.getFirst().getState()).isEqualTo("processed");

            healthy.streams().close(Duration.ofSeconds(15));
            final var closed = Health.of(healthy.managementUrl(), OrderStateHealth.NAME);
            System.out.printf("streams closed: /health %d, order-state-streams %s, details %s%n", closed.http(),
                    closed.status(), closed.details());
            assertThat(closed.http()).isEqualTo(503);
            assertThat(closed.status()).isEqualTo("DOWN");
            assertThat(closed.detail("reason")).isEqualTo("the topology is NOT_RUNNING");
        }
    }

    private static Map<String, Object> with(final Map<String, Object> base, final String key, final Object value) {
        final var map = new HashMap<>(base);
        map.put(key, value);
        return map;
    }

    private static long millisSince(final long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private static void writeRawCallback(final String topic, final String orderId) throws Exception {
        final var serdeConfig = SerdeConfig.of(SchemaRegistry.shared().url());
        final var serializer = new ConfluentAvroSerializer<RawWebhook>(SchemaRegistryClient.http(serdeConfig),
                serdeConfig, false);
        final var body = """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment_order",
                 "event_type":"number_assignment_order_processed","state":"processed","brand_id":"b-1",
                 "campaign_id":"c-1","number_assignment_order_id":"%s"}""".formatted(Instant.now(), orderId);
        final var raw = RawWebhook.newBuilder().setProvider(Provider.SIGNALWIRE).setObjectId(orderId)
                .setUrl("http://127.0.0.1/webhooks/signalwire/10dlc").setReceivedAt(Instant.now())
                .setHeaders(Map.of("content-type", "application/json")).setBody(body).setSignatureVerified(true)
                .build();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, orderId, raw)).get();
        }
    }
}
