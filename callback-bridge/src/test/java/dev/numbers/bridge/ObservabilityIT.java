package dev.numbers.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.observability.MetricReferences;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.tracing.TraceHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an operator sees of a running bridge (real broker and registry, signed webhooks over HTTP): order-state events
 * continue the trace of the request that created the order, and every metric the shipped dashboard and alert rules
 * read is on {@code /prometheus}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {

    private static final String SIGNING_KEY = "test-only-signing-key";
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String SENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private TestBridge.Topics topics;
    private TestBridge bridge;

    @BeforeAll
    void start() throws Exception {
        topics = TestBridge.Topics.unique("obs-" + suffix, 1);
        // Confirmation polling on (as in production), without provider URLs: its pending gauge exists, nothing is
        // polled.
        // A Telnyx key from a file, as from a mounted Secret: its reload counters exist from start-up.
        final var telnyxKey = Files.writeString(Files.createTempDirectory("obs-keys")
                .resolve("telnyx"), Base64.getEncoder().encodeToString(KeyPairGenerator
                .getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()));
        bridge = TestBridge.start(topics, "bridge-obs-" + suffix, Map.of(
                "bridge.webhooks.signalwire-signing-key", SIGNING_KEY,
                "bridge.telnyx.accounts.obs.public-key-file", telnyxKey.toString(),
                "bridge.confirm.enabled", "true",
                "bridge.confirm.group-id", "bridge-obs-poller-" + suffix));
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void orderStateEventsContinueTheTraceOfTheRequestThatCreatedTheOrder() throws Exception {
        final var traced = UUID.randomUUID().toString();
        final var unknown = UUID.randomUUID().toString();
        TestBridge.publishCreatedOrder(topics.results(), "req-" + suffix, Provider.SIGNALWIRE, traced, SENT);
        await().atMost(Duration.ofSeconds(60)).until(() -> bridge.knowsRequestOf(traced));

        post(orderWebhook(unknown, "processed"), SIGNING_KEY);
        post(orderWebhook(traced, "processed"), SIGNING_KEY);

        final var events = eventsOf(List.of(traced, unknown));
        final var onEvent = header(events.stream().filter(r -> r.key().equals(traced)).findFirst().orElseThrow());
        assertThat(TraceHeaders.traceId(onEvent)).isEqualTo(TRACE_ID);
        assertThat(onEvent).isNotEqualTo(SENT);
        final var uncorrelated = events.stream().filter(r -> r.key().equals(unknown)).findFirst().orElseThrow();
        assertThat(uncorrelated.headers().lastHeader(TraceHeaders.TRACEPARENT)).isNull();
        System.out.printf("trace: the result carried %s; the order's event carries %s; an order of no known request"
                + " carries none%n", SENT, onEvent);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesReadIsExported() throws Exception {
        final var referenced = MetricReferences.ofService("callback-bridge");
        // Metrics that exist once something happened: an accepted webhook (produce time, order-state lag) and one
        // with a bad signature.
        final var order = UUID.randomUUID().toString();
        post(orderWebhook(order, "processed"), SIGNING_KEY);
        final var refused = http.send(signed(orderWebhook(order, "failed"), "not-the-key"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        eventsOf(List.of(order));

        final var exported = new AtomicReference<Set<String>>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            exported.set(MetricReferences.exported(http.send(HttpRequest.newBuilder(
                    URI.create(bridge.managementUrl() + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString())
                            .body()));
            final var absent = new TreeSet<>(referenced);
            absent.removeAll(exported.get());
            assertThat(absent).as("metrics the dashboard or the rules read but /prometheus does not export").isEmpty();
        });
        System.out.printf("metrics: the dashboard and rules read %d metric names, all among the %d exported: %s%n",
                referenced.size(), exported.get().size(), referenced);
    }

    private List<ConsumerRecord<String, byte[]>> eventsOf(final List<String> orderIds) {
        final var props = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "obs-states-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final var seen = new ArrayList<ConsumerRecord<String, byte[]>>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.states()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (orderIds.contains(r.key())) {
                        seen.add(r);
                    }
                });
                return seen.stream().map(ConsumerRecord::key).distinct().count() == orderIds.size();
            });
        }
        return seen;
    }

    private static String header(final ConsumerRecord<String, byte[]> record) {
        final var header = record.headers().lastHeader(TraceHeaders.TRACEPARENT);
        assertThat(header).as("traceparent on the order-state event").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String orderWebhook(final String orderId, final String state) {
        return """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment_order",
                 "event_type":"number_assignment_order_processed","state":"%s","brand_id":"b-1","campaign_id":"c-1",
                 "number_assignment_order_id":"%s"}""".formatted(Instant.now(), state, orderId);
    }

    private void post(final String body, final String key) throws Exception {
        final var response = http.send(signed(body, key), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpRequest signed(final String body, final String key) throws Exception {
        final var url = bridge.baseUrl() + "/webhooks/signalwire/10dlc";
        final var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(url.getBytes(StandardCharsets.UTF_8));
        final var signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-SignalWire-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
