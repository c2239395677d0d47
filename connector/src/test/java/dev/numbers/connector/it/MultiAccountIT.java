package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Accounts;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several provider accounts against the real broker, registry and the simulator over HTTP: two SignalWire projects
 * (east with its token in a file, west) and two Telnyx accounts (blue, green with its key in a file) next to the
 * single-account keys' {@code default}. Requests land at the account they name or their tenant maps to (the
 * simulator says which account owns each number), results carry it, an unknown one is REJECTED; a 401 on one
 * account pauses only it, and rewriting its token file resumes it without a restart.
 */
class MultiAccountIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String EAST_PROJECT = "00000000-east-0000-0000-simulatorprj";
    private static final String WEST_PROJECT = "00000000-west-0000-0000-simulatorprj";

    @TempDir
    static Path secrets;
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;
    private static TestTopics topics;
    private static RunningConnector connector;
    private static ResultCollector collector;
    private static Path eastToken;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(50)));
        simulator.accounts().signalWire("east", EAST_PROJECT, "PTeast-token-1")
                .signalWire("west", WEST_PROJECT, "PTwest-token")
                .telnyx("blue", "KEYblue-key")
                .telnyx("green", "KEYgreen-key");
        eastToken = Files.writeString(secrets.resolve("east-token"), "PTeast-token-1\n");
        final var greenKey = Files.writeString(secrets.resolve("green-key"), "KEYgreen-key\n");
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
        topics = TestTopics.create(KafkaBroker.shared(), "accounts");
        final var props = new HashMap<String, Object>();
        props.put("connector.providers.signalwire.accounts.east.project-id", EAST_PROJECT);
        props.put("connector.providers.signalwire.accounts.east.api-token-file", eastToken.toString());
        props.put("connector.providers.signalwire.accounts.west.project-id", WEST_PROJECT);
        props.put("connector.providers.signalwire.accounts.west.api-token", "PTwest-token");
        props.put("connector.providers.telnyx.accounts.blue.api-key", "KEYblue-key");
        props.put("connector.providers.telnyx.accounts.green.api-key-file", greenKey.toString());
        props.put("connector.accounts.tenants.acme", "west");
        props.put("connector.accounts.tenants.globex", "green");
        props.put("connector.accounts.probe-interval", "1s");
        connector = new RunningConnector(KafkaBroker.shared().bootstrapServers(), SchemaRegistry.shared().url(),
                topics, simulator, "accounts", props);
        collector = ResultCollector.on(KafkaBroker.shared(), serde, topics);
    }

    @AfterAll
    static void stop() {
        collector.close();
        connector.close();
        simulator.close();
    }

    @Test
    void requestsLandAtTheAccountTheyNameOrTheirTenantMapsToAndResultsCarryIt() {
        final var cases = List.of(
                new Case(Accounts.Kind.SIGNALWIRE, "east", null, "east"),
                new Case(Accounts.Kind.SIGNALWIRE, null, "acme", "west"),
                new Case(Accounts.Kind.SIGNALWIRE, "east", "acme", "east"),
                new Case(Accounts.Kind.SIGNALWIRE, null, "team-a", "default"),
                new Case(Accounts.Kind.TELNYX, "blue", null, "blue"),
                new Case(Accounts.Kind.TELNYX, null, "globex", "green"),
                new Case(Accounts.Kind.TELNYX, null, null, "default"));
        for (final var c : cases) {
            final var number = uniqueNumber();
            final var result = send(c.kind() == Accounts.Kind.SIGNALWIRE ? purchase(number) : order(number),
                    c.account(), c.tenant());
            assertThat(result.getStatus()).as(c.toString()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.getAccount()).as(c.toString()).isEqualTo(c.expected());
            assertThat(simulator.accounts().owner(c.kind(), number)).as(c.toString()).isEqualTo(c.expected());
            System.out.printf("accounts: %s account=%s tenant=%s -> result account %s, simulator owner %s%n",
                    c.kind(), c.account(), c.tenant(), result.getAccount(), simulator.accounts().owner(c.kind(),
                            number));
        }
        // Each number belongs to exactly one account.
        assertThat(simulator.accounts().ownedBy(Accounts.Kind.SIGNALWIRE, "west")).isNotEmpty()
                .doesNotContainAnyElementsOf(simulator.accounts().ownedBy(Accounts.Kind.SIGNALWIRE, "east"));
    }

    @Test
    void anUnknownAccountIsRejectedNamingItWithoutAProviderCall() {
        final int before = simulator.requestCount();
        final var named = send(purchase(uniqueNumber()), "north", null);
        assertThat(named.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(named.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo("unknown_account");
            assertThat(e.getField()).isEqualTo("account");
            assertThat(e.getDetail()).contains("'north'", "default, east, west");
        });
        // globex maps to green, a Telnyx account: not one SignalWire has.
        final var mapped = send(purchase(uniqueNumber()), null, "globex");
        assertThat(mapped.getErrors()).extracting(ProviderError::getCode, ProviderError::getField)
                .containsExactly(Tuple.tuple("unknown_account", "tenant"));
        assertThat(simulator.requestCount()).isEqualTo(before);
        System.out.printf("accounts: unknown account -> %s %s; tenant mapped to another provider's account -> %s%n",
                named.getStatus(), named.getErrors().getFirst().getDetail(), mapped.getErrors().getFirst().getDetail());
    }

    @Test
    void aRefusedTokenPausesOnlyItsAccountAndRewritingTheTokenFileResumesItWithoutARestart() throws Exception {
        final var meters = connector.context().getBean(MeterRegistry.class);
        // The provider revokes east's token; the file still holds the old one.
        simulator.accounts().signalWire("east", EAST_PROJECT, "PTeast-token-2");
        final var refused = send(purchase(uniqueNumber()), "east", null);
        assertThat(refused.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(refused.getErrors()).extracting(ProviderError::getHttpStatus).containsOnly(401);
        assertThat(refused.getAccount()).isEqualTo("east");
        assertThat(paused(meters, "SIGNALWIRE", "east")).isEqualTo(1.0);
        final var health = connector.health("providers");
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("details").path("SIGNALWIRE").path("east").asText()).contains("401");
        assertThat(health.path("details").path("SIGNALWIRE").path("west").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("TELNYX").path("green").asText()).isEqualTo("UP");
        assertThat(health.toString()).doesNotContain("PTeast-token", "PTwest-token", "KEYgreen-key");

        // East's next request waits; the other accounts keep serving meanwhile.
        final var waitingNumber = uniqueNumber();
        final var waiting = publish(purchase(waitingNumber), "east", null);
        final var west = send(purchase(uniqueNumber()), "west", null);
        final var green = send(order(uniqueNumber()), "green", null);
        assertThat(List.of(west.getStatus(), green.getStatus())).containsOnly(ResultStatus.SUCCEEDED);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> collector.result(waiting) == null && paused(meters, "SIGNALWIRE", "east") == 1.0);

        // The operator rotates the mounted secret (a new file moved over the old one, as Kubernetes does).
        final var rotatedAt = System.nanoTime();
        final var next = Files.writeString(secrets.resolve("east-token.new"), "PTeast-token-2\n");
        Files.move(next, eastToken, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.result(waiting) != null);
        final var resumed = collector.result(waiting).value();
        assertThat(resumed.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(resumed.getAccount()).isEqualTo("east");
        assertThat(simulator.accounts().owner(Accounts.Kind.SIGNALWIRE, waitingNumber)).isEqualTo("east");
        assertThat(paused(meters, "SIGNALWIRE", "east")).isEqualTo(0.0);
        assertThat(connector.health("providers").path("status").asText()).isEqualTo("UP");
        System.out.printf("accounts: east refused (401) and paused, west and green served meanwhile; the waiting"
                        + " request completed %d ms after the token file was rotated (probe every 1 s)%n",
                (System.nanoTime() - rotatedAt) / 1_000_000);
    }

    private record Case(Accounts.Kind kind, String account, String tenant, String expected) {
    }

    private static double paused(final MeterRegistry meters, final String provider, final String account) {
        return meters.get("connector.provider.paused").tags("provider", provider, "account", account).gauge().value();
    }

    private static String uniqueNumber() {
        return "+1628555" + String.format("%04d", 1000 + SEQ.incrementAndGet());
    }

    private static SignalWirePurchasePhoneNumber purchase(final String number) {
        return SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build();
    }

    private static TelnyxCreateNumberOrder order(final String number) {
        return TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(List.of(
                TelnyxOrderPhoneNumber.newBuilder().setPhoneNumber(number).build())).build();
    }

    private static String publish(final Object operation, final String account, final String tenant) {
        final var id = "acct-" + SEQ.incrementAndGet();
        final NumberRequest request = NumberRequestFactory.of(id, operation);
        request.setAccount(account);
        request.setTenant(tenant);
        NumberRequestFactory.publish(topics.requests(), serde, request);
        return id;
    }

    private static NumberResult send(final Object operation, final String account, final String tenant) {
        final var id = publish(operation, account, tenant);
        await().atMost(Duration.ofSeconds(60)).until(() -> collector.result(id) != null);
        return collector.result(id).value();
    }
}
