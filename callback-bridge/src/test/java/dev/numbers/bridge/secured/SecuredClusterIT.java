package dev.numbers.bridge.secured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.ChildJvm;
import dev.numbers.harness.FreePorts;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.harness.SecuredCluster;
import dev.numbers.harness.SecuredKafkaProcess;
import dev.numbers.harness.TlsRegistryProxy;
import dev.numbers.sandbox.cli.NumbersCli;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.cluster.ClusterSettings;
import dev.numbers.schemas.topics.TopicNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system on a secured cluster, as users run it: a broker whose only client listener is SASL_SSL with
 * SCRAM-SHA-512 (certificate and users made here), and the schema registry reachable only through nginx with TLS and
 * basic auth. The CLI sends requests, the connector (a child JVM from its own class path) turns them into results,
 * the simulator calls the bridge back, and the bridge's intake, Streams topology and confirmation poller turn that
 * into order states, which the CLI reads. Every secret reaches the services through {@code <key>-file} settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredClusterIT {

    private static final Duration STEP = Duration.ofMillis(400);
    private static final List<String> TOPICS = List.of(TopicNames.REQUESTS, TopicNames.RESULTS, TopicNames.REQUESTS_DLQ,
            TopicNames.RAW_WEBHOOKS, TopicNames.ORDER_STATES, TopicNames.WEBHOOKS_DLQ);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path dir;
    private SecuredCluster cluster;
    private SecuredKafkaProcess kafka;
    private TlsRegistryProxy registry;
    private ProviderSimulator simulator;
    private ApplicationContext bridge;
    private String bridgeUrl;
    private String bridgeManagementUrl;
    private ChildJvm connector;
    private Path cliConfig;
    private Instant started;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(TlsRegistryProxy.available() || System.getenv("CI") != null,
                "nginx is not installed; .ci/run installs it");
        final var connectorClassPath = connectorClassPath();
        started = Instant.now();
        dir = Files.createTempDirectory("secured-cluster-");
        // Apicurio listens on loopback on its own port; only the proxy's URL is given to the clients below
        cluster = SecuredCluster.start(dir, SchemaRegistry.shared().url());
        parts.add(cluster);
        kafka = cluster.kafka();
        registry = cluster.registry();
        TOPICS.forEach(topic -> kafka.createTopic(topic, 2));
        kafka.createCompactedTopic("numbers.connector.intents", 2);
        List.of("connector", "bridge", "cli").forEach(cluster::addUser);

        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(STEP));
        parts.add(simulator);
        startBridge();
        startConnector(connectorClassPath);

        cliConfig = dir.resolve("cli.properties");
        final var cli = new Properties();
        cli.putAll(cluster.settings("cli"));
        try (var out = Files.newBufferedWriter(cliConfig)) {
            cli.store(out, "the CLI's connection to the secured cluster");
        }
        System.out.printf("secured cluster up in %ds: Kafka SASL_SSL://%s, registry %s (nginx, basic auth),"
                        + " bridge %s, connector pid %d%n", Duration.between(started, Instant.now()).toSeconds(),
                kafka.bootstrapServers(), registry.url(), bridgeUrl, connector.pid());
    }

    private void startBridge() throws IOException {
        final int port = FreePorts.next();
        bridgeUrl = "http://127.0.0.1:" + port;
        final var props = new HashMap<String, Object>();
        final int managementPort = FreePorts.next();
        bridgeManagementUrl = "http://127.0.0.1:" + managementPort;
        props.put("micronaut.server.port", port);
        props.put("bridge.management.port", managementPort);
        props.put("bridge.webhooks.public-base-url", bridgeUrl);
        props.put("bridge.webhooks.signalwire-signing-key", simulator.config().webhookSigningKey());
        props.put("bridge.webhooks.telnyx-public-key", simulator.telnyxPublicKeyBase64());
        props.put("bridge.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("bridge.kafka.registry-url", registry.url());
        cluster.settings("bridge").forEach((key, value) -> props.put("bridge.kafka.properties." + key, value));
        props.put("bridge.order-state.application-id", "bridge-secured");
        props.put("bridge.order-state.state-dir", Files.createDirectories(dir.resolve("bridge-state")).toString());
        props.put("bridge.confirm.enabled", "true");
        props.put("bridge.confirm.poll-after", "1s");
        props.put("bridge.confirm.check-interval", "500ms");
        props.put("bridge.confirm.telnyx-base-url", simulator.telnyxBaseUrl());
        props.put("bridge.confirm.telnyx-api-key", simulator.config().telnyxApiKey());
        bridge = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
        parts.add(bridge::close);
        // Telnyx webhooks go nowhere: Telnyx orders can only reach their state through the confirmation poller
    }

    private void startConnector(final String classPath) {
        final int port = FreePorts.next();
        final var jvm = ChildJvm.of("dev.numbers.connector.Application")
                .classPath(classPath)
                .jvmArg("-Xmx384m")
                .systemProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro")
                .systemProperty("micronaut.server.port", String.valueOf(port))
                .systemProperty("connector.kafka.bootstrap-servers", kafka.bootstrapServers())
                .systemProperty("connector.registry.url", registry.url())
                .systemProperty("connector.bridge-callback-url", bridgeUrl + "/webhooks/signalwire/10dlc")
                .systemProperty("connector.providers.signalwire.base-url", simulator.signalWireBaseUrl())
                .systemProperty("connector.providers.signalwire.project-id", simulator.config().signalWireProjectId())
                .env("CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN", simulator.config().signalWireToken())
                .systemProperty("connector.providers.telnyx.base-url", simulator.telnyxBaseUrl())
                .env("CONNECTOR_PROVIDERS_TELNYX_API_KEY", simulator.config().telnyxApiKey())
                .log(dir.resolve("connector.log"));
        cluster.settings("connector").forEach((key, value) -> jvm.systemProperty(
                (ClusterSettings.isRegistryKey(key) ? "connector.registry.properties." : "connector.kafka.properties.")
                        + key, value));
        connector = jvm.start();
        parts.add(connector);
        final var health = URI.create("http://127.0.0.1:" + port + "/health");
        await("connector healthy (log " + connector.log() + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(connector.isAlive()).as("connector alive; log " + connector.log()).isTrue();
                    return status(health) == 200;
                });
    }

    @AfterAll
    void stop() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.out.println("while stopping: " + e);
            }
        }
        if (dir != null) {
            keepLogsAndDelete();
        }
    }

    /** The broker's data is large; the logs worth reading after a failure go to target/secured-cluster/. */
    private void keepLogsAndDelete() {
        try {
            final var kept = Files.createDirectories(Path.of("target", "secured-cluster"));
            for (final var log : List.of(dir.resolve("connector.log"), dir.resolve("kafka/server.log"),
                    dir.resolve("nginx/access.log"), dir.resolve("nginx/error.log"))) {
                if (Files.exists(log)) {
                    Files.copy(log, kept.resolve(log.getParent().getFileName() + "-" + log.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            System.out.println("could not clean " + dir + ": " + e);
        }
    }

    @Test
    @Order(1)
    void requestsBecomeResultsAndCallbacksBecomeOrderStatesWithOnlyAuthenticatedEncryptedConnections()
            throws Exception {
        final var campaign = UUID.randomUUID().toString();
        simulator.registerCampaign(campaign);
        final var signalWire = cli("request", "campaign-order", campaign, "+12025550124", "+12025550125");
        final var telnyx = cli("request", "telnyx-order", "+19705555098");

        await("both results, read back with the CLI").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    final var results = cliOutput("results");
                    return results.contains("result " + signalWire + " SUCCEEDED")
                            && results.contains("result " + telnyx + " SUCCEEDED");
                });
        await("order states from the signed SignalWire callbacks and from polling Telnyx")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    final var orders = cliOutput("orders");
                    return orders.lines().anyMatch(l -> l.contains("request=" + signalWire) && l.contains("WEBHOOK"))
                            && orders.lines().anyMatch(l -> l.contains("request=" + telnyx) && l.contains("POLL"));
                });
        final var orders = cliOutput("orders");
        System.out.println("$ numbers orders (over SASL_SSL, registry through nginx)");
        orders.lines().forEach(line -> System.out.println("  " + line));

        final var calls = registry.accessLog();
        System.out.printf("registry calls through nginx: %d, by user: %s%n", calls.size(),
                calls.stream().collect(Collectors.groupingBy(l -> l.split(" ")[0] + " "
                        + l.split(" ")[1], TreeMap::new, Collectors.counting())));
        assertThat(calls).as("every registry call carried credentials and was answered").isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("numbers ").doesNotContain(" 401 "));
        System.out.printf("secured end-to-end run took %ds%n", Duration.between(started, Instant.now()).toSeconds());
    }

    @Test
    @Order(2)
    void theBrokerHasNoPlaintextClientListenerAndRefusesClientsWithoutCredentials() throws Exception {
        try (var admin = Admin.create(kafka.clientProperties())) {
            final var node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next();
            final var listeners = admin.describeConfigs(List.of(new ConfigResource(
                    ConfigResource.Type.BROKER, node.idString())))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next().get("listeners").value();
            System.out.println("broker listeners: " + listeners);
            assertThat(listeners.split(",")).allSatisfy(l -> assertThat(l).matches("(SASL_SSL|CONTROLLER)://.*"));
        }
        final var plaintext = new Properties();
        plaintext.put("bootstrap.servers", kafka.bootstrapServers());
        plaintext.put("request.timeout.ms", "2000");
        plaintext.put("default.api.timeout.ms", "4000");
        try (var anonymous = Admin.create(plaintext)) {
            assertThatThrownBy(() -> anonymous.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("a client without TLS and SASL gets nothing").isNotNull();
        }
        final var noCredentials = new StringWriter();
        final int code = NumbersCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(noCredentials),
                "results", "-b", kafka.bootstrapServers(), "-r", registry.url(), "--timeout", "5");
        assertThat(code).as("the CLI without its client config: " + noCredentials).isNotZero();

        final var anonymousRegistry = HttpClient.newBuilder().sslContext(cluster.tls().sslContext()).build()
                .send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousRegistry.statusCode()).as("the registry without credentials").isEqualTo(401);
        System.out.println("refused: PLAINTEXT client, CLI without --client-config (exit " + code
                + "), registry call without credentials (HTTP 401)");
    }

    @Test
    @Order(3)
    void noServiceShowsASecretInItsLogHealthOrMetrics() throws Exception {
        final var bridgeHealth = body(URI.create(bridgeManagementUrl + "/health"));
        final var bridgeMetrics = body(URI.create(bridgeManagementUrl + "/prometheus"));
        final var connectorLog = Files.readString(connector.log());
        for (final var secret : cluster.secrets()) {
            assertThat(connectorLog).doesNotContain(secret);
            assertThat(bridgeHealth).doesNotContain(secret);
            assertThat(bridgeMetrics).doesNotContain(secret);
        }
        System.out.printf("checked %d secrets against the connector's log (%d bytes), bridge health and metrics%n",
                cluster.secrets().size(), connectorLog.length());
    }

    private String cli(final String... args) {
        final var out = new StringWriter();
        final var err = new StringWriter();
        final var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-b", kafka.bootstrapServers(), "-r", registry.url(), "--client-config",
                cliConfig.toString()));
        final int code = NumbersCli.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        assertThat(code).as("numbers " + String.join(" ", args) + ": " + err).isZero();
        return out.toString().strip();
    }

    private String cliOutput(final String command) {
        final var out = new StringWriter();
        NumbersCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), command,
                "-b", kafka.bootstrapServers(), "-r", registry.url(), "--client-config", cliConfig.toString());
        return out.toString();
    }

    private int status(final URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(final URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The connector's classes and runtime class path as its own build wrote them (connector/pom.xml). */
    private static String connectorClassPath() throws IOException {
        final var module = Path.of("").toAbsolutePath().resolveSibling("connector");
        final var classes = module.resolve("target/classes");
        final var classpath = module.resolve("target/classpath.txt");
        if (!Files.isDirectory(classes) || !Files.exists(classpath)) {
            throw new IllegalStateException("the connector is not built (" + classes + ", " + classpath
                    + "); build it in the same run: ./mvnw -pl connector,callback-bridge -am verify");
        }
        return classes + File.pathSeparator + Files.readString(classpath).strip();
    }
}
