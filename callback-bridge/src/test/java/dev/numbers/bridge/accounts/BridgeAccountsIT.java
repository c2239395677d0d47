package dev.numbers.bridge.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.bridge.OrderStateReader;
import dev.numbers.bridge.SimulatorOrders;
import dev.numbers.bridge.TestBridge;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SentWebhook;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One bridge, two SignalWire projects and two Telnyx accounts, each with its own key: every webhook is sent and
 * signed by a provider simulator (one per account, each with its own project id, signing key and Ed25519 key pair)
 * and verified with its own account's key. Team A's keys come from files, team B's from the configuration; there is
 * no default account, so a project the bridge does not know is refused. Rotating team A's key files takes effect
 * without a restart. The management port serves {@code /health}, {@code /prometheus} and {@code /orders}; the public
 * port does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeAccountsIT {

    private static final Duration STEP = Duration.ofMillis(200);
    private static final String PROJECT_B = "11111111-fake-0000-0000-projectteamb";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private TestBridge.Topics topics;
    private ProviderSimulator teamA;
    private ProviderSimulator teamB;
    private Path signingKeyFileA;
    private Path telnyxKeyFileA;
    private TestBridge bridge;

    @BeforeAll
    void start() throws Exception {
        topics = TestBridge.Topics.unique(suffix, 2);
        teamA = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(STEP));
        teamB = ProviderSimulator.start(new SimulatorConfig(0, PROJECT_B, "PTfake-team-b-token",
                "KEYfake-team-b", "fake-team-b-signing-key", null, STEP, 3, true));
        final var keys = Files.createTempDirectory("bridge-keys");
        signingKeyFileA = Files.writeString(keys.resolve("signalwire-team-a"), teamA.config().webhookSigningKey()
                + "\n");
        telnyxKeyFileA = Files.writeString(keys.resolve("telnyx-team-a"), teamA.telnyxPublicKeyBase64() + "\n");
        bridge = TestBridge.start(topics, "bridge-accounts-" + suffix, Map.of(
                "bridge.signalwire.accounts.team-a.project-id", teamA.config().signalWireProjectId(),
                "bridge.signalwire.accounts.team-a.signing-key-file", signingKeyFileA.toString(),
                "bridge.signalwire.accounts.team-b.project-id", PROJECT_B,
                "bridge.signalwire.accounts.team-b.signing-key", teamB.config().webhookSigningKey(),
                "bridge.telnyx.accounts.team-a.public-key-file", telnyxKeyFileA.toString(),
                "bridge.telnyx.accounts.team-b.public-key", teamB.telnyxPublicKeyBase64()));
        teamA.telnyxWebhookUrl(bridge.baseUrl() + "/webhooks/telnyx");
        teamB.telnyxWebhookUrl(bridge.baseUrl() + "/webhooks/telnyx");
    }

    @AfterAll
    void stop() {
        for (final AutoCloseable part : new AutoCloseable[] {bridge, teamA, teamB}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.out.println("closing " + part + ": " + e);
            }
        }
    }

    @Test
    @Order(1)
    void eachProjectAndEachTelnyxAccountIsVerifiedWithItsOwnKey() throws Exception {
        final var orderA = assignmentOrder(teamA, "+15551250001");
        final var orderB = assignmentOrder(teamB, "+15551250002");
        final var telnyxA = telnyxOrder(teamA, "+15551250003");
        final var telnyxB = telnyxOrder(teamB, "+15551250004");

        for (final var order : List.of(orderA, orderB)) {
            final var events = OrderStateReader.eventsOf(topics.states(), order, seen -> seen.size() >= 2);
            assertThat(events).extracting(OrderStateEvent::getState).containsExactlyInAnyOrder("processed",
                    "completed");
        }
        assertThat(OrderStateReader.eventsOf(topics.states(), orderA, seen -> !seen.isEmpty()).getFirst()
                .getProjectId()).isEqualTo(teamA.config().signalWireProjectId());
        assertThat(OrderStateReader.eventsOf(topics.states(), orderB, seen -> !seen.isEmpty()).getFirst()
                .getProjectId()).isEqualTo(PROJECT_B);
        for (final var order : List.of(telnyxA, telnyxB)) {
            assertThat(OrderStateReader.eventsOf(topics.states(), order, seen -> !seen.isEmpty()))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getProvider()).isEqualTo(Provider.TELNYX);
                        assertThat(e.getState()).isEqualTo("success");
                    });
        }
        // every webhook was accepted at its first attempt: no key was tried and found wrong along the way
        for (final var sim : List.of(teamA, teamB)) {
            assertThat(sentAbout(sim, orderA, orderB, telnyxA, telnyxB)).hasSize(3)
                    .allSatisfy(w -> assertThat(w.status()).isEqualTo(200))
                    .allSatisfy(w -> assertThat(w.attempt()).isEqualTo(1));
        }
        final var metrics = get(bridge.managementUrl() + "/prometheus").body();
        for (final var provider : List.of("SIGNALWIRE", "TELNYX")) {
            for (final var account : List.of("team-a", "team-b")) {
                final var verified = counter(metrics, "bridge_webhooks_verified_total", provider, account);
                System.out.printf("verified %s %s: %.0f%n", provider, account, verified);
                assertThat(verified).as("%s %s", provider, account).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    @Order(2)
    void aProjectNoAccountNamesIsRefusedSignedOrNot() throws Exception {
        final var stranger = ProviderSimulator.start(new SimulatorConfig(0, "22222222-fake-0000-0000-strangerprj",
                "PTfake-stranger", "KEYfake-stranger", "fake-stranger-signing-key", null, STEP, 3, true));
        try {
            final var order = assignmentOrder(stranger, "+15551250011");
            await().atMost(Duration.ofSeconds(30)).until(() -> sentAbout(stranger, order).size() >= 6);
            final var sent = sentAbout(stranger, order);
            System.out.printf("unknown project: %d deliveries, statuses %s%n", sent.size(),
                    sent.stream().map(SentWebhook::status).distinct().toList());
            assertThat(sent).allSatisfy(w -> assertThat(w.status()).isEqualTo(401));
        } finally {
            stranger.close();
        }
        // a known project without a signature, and with the other project's key, is refused as well
        final var body = callbackBody(teamA.config().signalWireProjectId());
        assertThat(postSignalWire(body, null).statusCode()).isEqualTo(401);
        assertThat(postSignalWire(body, hmac(teamB.config().webhookSigningKey(), body)).statusCode()).isEqualTo(401);
        assertThat(postSignalWire(body, hmac(teamA.config().webhookSigningKey(), body)).statusCode()).isEqualTo(200);

        final var metrics = get(bridge.managementUrl() + "/prometheus").body();
        final var unknown = Pattern.compile(
                "(?m)^bridge_webhooks_rejected_total\\{[^}]*reason=\"unknown_account\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(unknown.find()).as("unknown_account rejections in\n%s", metrics).isTrue();
        assertThat(Double.parseDouble(unknown.group(1))).isGreaterThanOrEqualTo(6);
    }

    @Test
    @Order(3)
    void managementEndpointsAnswerOnTheManagementPortOnly() throws Exception {
        for (final var path : List.of("/health", "/prometheus", "/orders/" + UUID.randomUUID())) {
            final var publicAnswer = get(bridge.baseUrl() + path);
            System.out.printf("public port %s -> %d%n", path, publicAnswer.statusCode());
            assertThat(publicAnswer.statusCode()).as("public port " + path).isEqualTo(404);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> get(bridge.managementUrl() + "/health").statusCode() == 200);
        assertThat(get(bridge.managementUrl() + "/health").body()).contains("\"webhook-intake\"");
        assertThat(get(bridge.managementUrl() + "/prometheus").body()).contains("bridge_webhooks_total");
        final var unknownOrder = get(bridge.managementUrl() + "/orders/" + UUID.randomUUID());
        assertThat(unknownOrder.statusCode()).isEqualTo(404);
        assertThat(unknownOrder.body()).as("answered by the orders endpoint").contains("no state known for order");
        final var webhookOnManagement = http.send(HttpRequest.newBuilder(
                        URI.create(bridge.managementUrl() + "/webhooks/signalwire/10dlc"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("management port POST /webhooks/signalwire/10dlc -> %d%n", webhookOnManagement.statusCode());
        assertThat(webhookOnManagement.statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void rotatingAProjectsKeyFileTakesEffectForTheNextWebhookWithoutARestart() throws Exception {
        final var projectA = teamA.config().signalWireProjectId();
        final var oldKey = teamA.config().webhookSigningKey();
        final var newKey = "rotated-signing-key-" + suffix;

        // the provider rotated first: its callbacks carry the new key the bridge does not have yet
        teamA.webhookKeys().signalWire(projectA, newKey);
        final var early = assignmentOrder(teamA, "+15551250021");
        awaitDeliveries(teamA, early, 6);
        assertThat(sentAbout(teamA, early)).allSatisfy(w -> assertThat(w.status()).isEqualTo(401));

        replace(signingKeyFileA, newKey);
        // the old key is refused from the next webhook on
        teamA.webhookKeys().signalWire(projectA, oldKey);
        final var stale = assignmentOrder(teamA, "+15551250022");
        awaitDeliveries(teamA, stale, 6);
        assertThat(sentAbout(teamA, stale)).allSatisfy(w -> assertThat(w.status()).isEqualTo(401));
        // and the new one is accepted
        teamA.webhookKeys().signalWire(projectA, newKey);
        final var rotated = assignmentOrder(teamA, "+15551250023");
        assertThat(OrderStateReader.eventsOf(topics.states(), rotated, seen -> seen.size() >= 2))
                .extracting(OrderStateEvent::getState).containsExactlyInAnyOrder("processed", "completed");
        assertThat(sentAbout(teamA, rotated)).allSatisfy(w -> assertThat(w.status()).isEqualTo(200));

        // Telnyx: a new key pair is refused until the account's key file holds its public key
        final var newTelnyxKey = teamA.webhookKeys().rotateTelnyx("default");
        final var refused = telnyxOrder(teamA, "+15551250024");
        awaitDeliveries(teamA, refused, 3);
        assertThat(sentAbout(teamA, refused)).allSatisfy(w -> assertThat(w.status()).isEqualTo(401));
        replace(telnyxKeyFileA, newTelnyxKey);
        final var accepted = telnyxOrder(teamA, "+15551250025");
        assertThat(OrderStateReader.eventsOf(topics.states(), accepted, seen -> !seen.isEmpty())).hasSize(1);
        // team B was never affected
        final var orderB = assignmentOrder(teamB, "+15551250026");
        assertThat(OrderStateReader.eventsOf(topics.states(), orderB, seen -> seen.size() >= 2)).hasSize(2);

        final var metrics = get(bridge.managementUrl() + "/prometheus").body();
        System.out.printf("key reloads: signalwire team-a %.0f, telnyx team-a %.0f%n",
                reloads(metrics, "SIGNALWIRE"), reloads(metrics, "TELNYX"));
        assertThat(reloads(metrics, "SIGNALWIRE")).isEqualTo(1);
        assertThat(reloads(metrics, "TELNYX")).isEqualTo(1);
        assertThat(metrics).doesNotContain(newKey).doesNotContain(oldKey);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Writes the file the way Kubernetes updates a mounted Secret: a new file moved over the old one. */
    private static void replace(final Path file, final String content) throws Exception {
        final var next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), content + "\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String assignmentOrder(final ProviderSimulator sim, final String number) throws Exception {
        final var campaignId = UUID.randomUUID().toString();
        sim.registerCampaign(campaignId);
        return SimulatorOrders.assignmentOrder(sim, bridge.baseUrl() + "/webhooks/signalwire/10dlc", campaignId,
                number);
    }

    private static String telnyxOrder(final ProviderSimulator sim, final String number) throws Exception {
        return SimulatorOrders.telnyxOrder(sim, number);
    }

    /** The webhooks {@code sim} sent to the bridge about any of these orders, every attempt. */
    private List<SentWebhook> sentAbout(final ProviderSimulator sim, final String... orderIds) {
        return sim.webhooksSent().stream()
                .filter(w -> w.url().startsWith(bridge.baseUrl()))
                .filter(w -> List.of(orderIds).stream().anyMatch(id -> w.body().contains(id)))
                .toList();
    }

    private void awaitDeliveries(final ProviderSimulator sim, final String orderId, final int attempts) {
        await().atMost(Duration.ofSeconds(30)).until(() -> sentAbout(sim, orderId).size() >= attempts);
    }

    private String callbackBody(final String projectId) {
        return """
                {"project_id":"%s","event_at":"2026-11-29T10:00:00Z","event_category":"number_assignment_order",\
                "event_type":"number_assignment_order_processed","state":"processed","brand_id":"b-1",\
                "campaign_id":"c-1","number_assignment_order_id":"%s"}""".formatted(projectId, UUID.randomUUID());
    }

    private HttpResponse<String> postSignalWire(final String body, final String signature) throws Exception {
        final var request = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/webhooks/signalwire/10dlc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-SignalWire-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String hmac(final String key, final String body) throws Exception {
        final var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update((bridge.baseUrl() + "/webhooks/signalwire/10dlc").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(final String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double counter(final String metrics, final String name, final String provider,
            final String account) {
        final var line = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(metrics);
        double sum = 0;
        while (line.find()) {
            if (line.group(1).contains("provider=\"" + provider + "\"")
                    && line.group(1).contains("account=\"" + account + "\"")) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }

    private static double reloads(final String metrics, final String provider) {
        final var line = Pattern.compile("(?m)^bridge_webhooks_key_reloads_total\\{([^}]*)} (\\S+)$").matcher(metrics);
        double sum = 0;
        while (line.find()) {
            if (line.group(1).contains("provider=\"" + provider + "\"") && line.group(1)
                    .contains("outcome=\"reloaded\"")
                    && line.group(1).contains("account=\"team-a\"")) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }
}
