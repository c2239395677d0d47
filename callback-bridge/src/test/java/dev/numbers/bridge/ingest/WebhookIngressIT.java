package dev.numbers.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.Health;
import dev.numbers.harness.FreePorts;
import dev.numbers.harness.KafkaServerProcess;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import dev.numbers.schemas.topics.TopicNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The bridge's webhook endpoints against a real broker and a real registry, with real signatures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIngressIT {

    private static final String SIGNING_KEY = "test-only-signing-key";
    private static final String TOPIC = TopicNames.RAW_WEBHOOKS;

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaServerProcess kafka;
    private ApplicationContext context;
    private String baseUrl;
    private String managementUrl;
    private KeyPair telnyxKeys;

    @BeforeAll
    void start() throws Exception {
        kafka = KafkaServerProcess.start(KafkaServerProcess.Settings.in(Files.createTempDirectory("bridge-kafka")));
        kafka.createTopic(TOPIC, 2);
        telnyxKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final var port = FreePorts.next();
        baseUrl = "http://127.0.0.1:" + port;
        final var managementPort = FreePorts.next();
        managementUrl = "http://127.0.0.1:" + managementPort;
        context = ApplicationContext.run(EmbeddedServer.class, Map.ofEntries(
                Map.entry("micronaut.server.port", port),
                Map.entry("bridge.management.port", managementPort),
                Map.entry("bridge.webhooks.public-base-url", baseUrl),
                Map.entry("bridge.webhooks.signalwire-signing-key", SIGNING_KEY),
                Map.entry("bridge.webhooks.telnyx-public-key",
                        Base64.getEncoder().encodeToString(telnyxKeys.getPublic().getEncoded())),
                Map.entry("bridge.webhooks.max-body-bytes", 4096),
                Map.entry("bridge.kafka.bootstrap-servers", kafka.bootstrapServers()),
                Map.entry("bridge.kafka.registry-url", SchemaRegistry.shared().url()),
                Map.entry("bridge.kafka.produce-timeout", "3s"),
                Map.entry("bridge.order-state.enabled", "false"))).getApplicationContext();
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String assignmentEvent(final String assignmentId, final String eventType, final String state) {
        return """
                {"project_id":"4f1c7c4e-0000-4000-8000-000000000001","event_at":"%s",
                 "event_category":"number_assignment","event_type":"%s","state":"%s","brand_id":"b-1",
                 "campaign_id":"c-1","number_assignment_order_id":"o-1","number_assignment_id":"%s",
                 "phone_number_id":"pn-1","phone_number":"+15551230001"}"""
                .formatted(Instant.now(), eventType, state, assignmentId);
    }

    private static String hmac(final String url, final String body) throws Exception {
        final var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(url.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> postSignalWire(final String body, final String signature) throws Exception {
        final var builder = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/signalwire/10dlc"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            builder.header("X-SignalWire-Signature", signature);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postTelnyx(final String body, final long timestamp) throws Exception {
        final var signer = Signature.getInstance("Ed25519");
        signer.initSign(telnyxKeys.getPrivate());
        signer.update((timestamp + "|" + body).getBytes(StandardCharsets.UTF_8));
        final var request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/telnyx"))
                .header("Content-Type", "application/json")
                .header("telnyx-timestamp", String.valueOf(timestamp))
                .header("telnyx-signature-ed25519", Base64.getEncoder().encodeToString(signer.sign()))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private List<RawWebhook> rawRecordsAbout(final String objectId) {
        final var props = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final var deserializer = new ConfluentAvroDeserializer<>(RawWebhook.class,
                SerdeConfig.of(SchemaRegistry.shared().url()));
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            final var partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final var end = consumer.endOffsets(partitions);
            final var found = new ArrayList<RawWebhook>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (objectId.equals(r.key())) {
                        found.add(r.value());
                    }
                });
            }
            return found;
        }
    }

    @Test
    void storesASignedTenDlcCallbackBeforeAnswering200() throws Exception {
        final var assignment = "a-" + UUID.randomUUID();
        final var body = assignmentEvent(assignment, "number_assignment_activated", "completed");

        final var response = postSignalWire(body, hmac(baseUrl + "/webhooks/signalwire/10dlc", body));

        assertThat(response.statusCode()).isEqualTo(200);
        // the answer is written by the intake's own JSON mapper, not Micronaut's body writer: same type and shape
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        final var answer = new ObjectMapper().readTree(response.body());
        assertThat(answer.path("status").asText()).isEqualTo("accepted");
        assertThat(answer.path("object_id").asText()).isNotEmpty();
        final var stored = rawRecordsAbout(assignment);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getProvider()).isEqualTo(Provider.SIGNALWIRE);
        assertThat(stored.get(0).getBody()).isEqualTo(body);
        assertThat(stored.get(0).getSignatureVerified()).isTrue();
        assertThat(stored.get(0).getHeaders()).containsKey("x-signalwire-signature");
    }

    @Test
    void refusesABadSignatureWith401AndStoresNothing() throws Exception {
        final var assignment = "a-" + UUID.randomUUID();
        final var body = assignmentEvent(assignment, "number_assignment_activated", "completed");

        final var response = postSignalWire(body, hmac("https://elsewhere.test/hook", body));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(rawRecordsAbout(assignment)).isEmpty();
    }

    @Test
    void refusesAnUnsignedCallbackWith401() throws Exception {
        final var body = assignmentEvent("a-" + UUID.randomUUID(), "number_assignment_activated", "completed");

        assertThat(postSignalWire(body, null).statusCode()).isEqualTo(401);
    }

    @Test
    void namesTheMissingFieldWith400() throws Exception {
        final var body = "{\"project_id\":\"p\",\"event_category\":\"brand\",\"event_type\":\"brand_activated\","
                + "\"state\":\"active\",\"brand_id\":\"b\"}";

        final var response = postSignalWire(body, hmac(baseUrl + "/webhooks/signalwire/10dlc", body));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(new ObjectMapper().readTree(response.body()).path("error").asText())
                .contains("event_at");
    }

    @Test
    void refusesMalformedJsonWith400() throws Exception {
        final var body = "{\"project_id\": ";

        assertThat(postSignalWire(body, hmac(baseUrl + "/webhooks/signalwire/10dlc", body)).statusCode())
                .isEqualTo(400);
    }

    @Test
    void refusesABodyOverTheLimitWith413() throws Exception {
        final var body = "{\"padding\":\"" + "x".repeat(5000) + "\"}";

        assertThat(postSignalWire(body, hmac(baseUrl + "/webhooks/signalwire/10dlc", body)).statusCode())
                .isEqualTo(413);
    }

    @Test
    void keepsAnUnknownEventTypeRaw() throws Exception {
        final var assignment = "a-" + UUID.randomUUID();
        final var body = assignmentEvent(assignment, "number_assignment_reviewed", "reviewing");

        assertThat(postSignalWire(body, hmac(baseUrl + "/webhooks/signalwire/10dlc", body)).statusCode())
                .isEqualTo(200);
        assertThat(rawRecordsAbout(assignment)).hasSize(1);
    }

    @Test
    void storesASignedTelnyxNumberOrderComplete() throws Exception {
        final var order = UUID.randomUUID().toString();
        final var body = """
                {"data":{"id":"%s","event_type":"number_order.complete","occurred_at":"%s","record_type":"event",
                 "payload":{"id":"%s","record_type":"number_order","status":"success"}},"meta":{"attempt":1}}"""
                .formatted(UUID.randomUUID(), Instant.now(), order);

        final var response = postTelnyx(body, Instant.now().getEpochSecond());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(rawRecordsAbout(order)).extracting(RawWebhook::getProvider).containsExactly(Provider.TELNYX);
    }

    @Test
    void telnyxTenDlcCampaignUpdateIsStoredUnderItsCampaignOnlyWhenSigned() throws Exception {
        final var campaign = "tc-" + UUID.randomUUID();
        final var body = """
                {"data":{"id":"%s","event_type":"10dlc.campaign.update","occurred_at":"%s","record_type":"event",
                 "payload":{"brandId":"tb-1","campaignId":"%s","type":"MNO_REVIEW","status":"ACCEPTED"}}}"""
                .formatted(UUID.randomUUID(), Instant.now(), campaign);
        final var forged = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/telnyx"))
                .header("Content-Type", "application/json")
                .header("telnyx-timestamp", String.valueOf(Instant.now().getEpochSecond()))
                .header("telnyx-signature-ed25519", Base64.getEncoder().encodeToString(new byte[64]))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("wrongly signed").isEqualTo(401);

        final var response = postTelnyx(body, Instant.now().getEpochSecond());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(rawRecordsAbout(campaign)).extracting(RawWebhook::getProvider).containsExactly(Provider.TELNYX);
    }

    @Test
    void refusesATelnyxWebhookOutsideTheReplayWindow() throws Exception {
        final var order = UUID.randomUUID().toString();
        final var body = """
                {"data":{"id":"e","event_type":"number_order.complete","occurred_at":"2026-01-01T00:00:00Z",
                 "payload":{"id":"%s","status":"success"}}}""".formatted(order);

        final var response = postTelnyx(body, Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(rawRecordsAbout(order)).isEmpty();
    }

    @Test
    void answers503WhileKafkaIsDownAndTheRetryLandsOnce() throws Exception {
        final var assignment = "a-" + UUID.randomUUID();
        final var body = assignmentEvent(assignment, "number_assignment_failed", "failed");
        final var signature = hmac(baseUrl + "/webhooks/signalwire/10dlc", body);

        kafka.stop();
        final HttpResponse<String> whileDown;
        try {
            whileDown = postSignalWire(body, signature);
        } finally {
            kafka.startAgain();
        }
        final var retried = postSignalWire(body, signature);

        assertThat(whileDown.statusCode()).isEqualTo(503);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(rawRecordsAbout(assignment)).hasSize(1);
    }

    @Test
    void healthIsDownWhileKafkaIsUnreachableAndUpOnceItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> Health.of(managementUrl, "webhook-intake").status()
                .equals("UP"));

        final long stopped = System.nanoTime();
        kafka.stop();
        final Health.Component down;
        final int downReadiness;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Health.of(managementUrl, "webhook-intake").status()
                    .equals("DOWN"));
            down = Health.of(managementUrl, "webhook-intake");
            downReadiness = Health.probe(managementUrl, "readiness");
            System.out.printf("Kafka stopped: /health %d, webhook-intake %s, details %s (%d ms)%n", down.http(),
                    down.status(), down.details(), Duration.ofNanos(System.nanoTime() - stopped).toMillis());
        } finally {
            kafka.startAgain();
        }
        final long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).until(() -> Health.of(managementUrl, "webhook-intake").status()
                .equals("UP"));
        System.out.printf("Kafka back: webhook-intake UP after %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        assertThat(down.http()).isEqualTo(503);
        assertThat(down.detail("reason")).startsWith("Kafka unreachable");
        assertThat(down.detail("registry")).isEqualTo("UP");
        assertThat(downReadiness).as("/health/readiness while Kafka was down").isEqualTo(503);
    }
}
