package dev.numbers.sandbox.stack;

import dev.numbers.harness.FreePorts;
import dev.numbers.harness.ServiceProcess;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.cluster.ClusterSettings;

import dev.numbers.schemas.topics.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Broker, registry, provider simulator, connector and bridge on free loopback ports, started in dependency order and
 * stopped in reverse. The services run as child JVMs from their own classpaths: sandbox must not depend on them.
 */
public final class LocalStack implements AutoCloseable {

    /** The campaign the simulator knows, so the demo's campaign order is accepted. */
    public static final String DEMO_CAMPAIGN = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final PrintWriter log;
    private StackCluster cluster;
    private ProviderSimulator simulator;
    private String bridgeUrl;
    private String bridgeManagementUrl;

    private LocalStack(final PrintWriter log) {
        this.log = log;
    }

    public static LocalStack start(final StackConfig config, final PrintWriter log) throws Exception {
        final var stack = new LocalStack(log);
        try {
            stack.startAll(config);
            return stack;
        } catch (final Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(final StackConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        log.println("data folder: " + config.dataDir());
        log.println(config.secured()
                ? "starting Kafka (KRaft, only a SASL_SSL listener, SCRAM-SHA-512) and Apicurio Registry behind nginx"
                        + " (TLS, basic auth) ..."
                : "starting Kafka (KRaft, standalone kafka.Kafka) and Apicurio Registry ...");
        cluster = StackCluster.start(config.dataDir(), config.secured());
        parts.add(cluster);
        log.println("  Kafka listens on " + (config.secured() ? "SASL_SSL://" : "") + cluster.bootstrapServers());
        createTopics();
        log.println("  registry (Confluent API) at " + cluster.registryUrl());
        if (config.secured()) {
            log.println("  CLI settings (users, trust store, secrets in files): --client-config "
                    + cluster.clientConfig());
        }

        final int bridgePort = FreePorts.next();
        bridgeUrl = "http://127.0.0.1:" + bridgePort;
        final int bridgeManagementPort = FreePorts.next();
        bridgeManagementUrl = "http://127.0.0.1:" + bridgeManagementPort;
        final var defaults = SimulatorConfig.defaults();
        simulator = ProviderSimulator.start(new SimulatorConfig(0, defaults.signalWireProjectId(),
                defaults.signalWireToken(),
                defaults.telnyxApiKey(), defaults.webhookSigningKey(), bridgeUrl + "/webhooks/telnyx",
                Duration.ofMillis(500), defaults.webhookAttempts(), true));
        simulator.registerCampaign(DEMO_CAMPAIGN);
        parts.add(simulator::close);
        log.println("  provider simulator: SignalWire " + simulator.signalWireBaseUrl() + ", Telnyx "
                + simulator.telnyxBaseUrl());

        if (config.bridgeClassPath() == null) {
            missing.add("callback bridge (no -Dnumbers.bridge.classpath: build it with ./mvnw package)");
        } else {
            final var bridgeJvm = ServiceProcess.builder("callback bridge", "dev.numbers.bridge.Application")
                    .classPath(config.bridgeClassPath())
                    .jvmArgs("-Xmx384m")
                    .port(bridgeManagementPort)
                    .systemProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro")
                    .env("BRIDGE_PORT", String.valueOf(bridgePort))
                    .env("BRIDGE_MANAGEMENT_PORT", String.valueOf(bridgeManagementPort))
                    .env("BRIDGE_PUBLIC_BASE_URL", bridgeUrl)
                    .env("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers())
                    .env("SCHEMA_REGISTRY_URL", cluster.registryUrl())
                    .env("BRIDGE_WEBHOOKS_SIGNALWIRE_SIGNING_KEY", defaults.webhookSigningKey())
                    .env("BRIDGE_WEBHOOKS_TELNYX_PUBLIC_KEY", simulator.telnyxPublicKeyBase64())
                    .systemProperty("bridge.order-state.state-dir", config.dataDir().resolve("bridge-state").toString())
                    .log(config.dataDir().resolve("bridge.log"));
            cluster.settings("bridge").forEach((key, value) ->
                    bridgeJvm.systemProperty("bridge.kafka.properties." + key, value));
            final var bridge = bridgeJvm.build().start();
            parts.add(() -> bridge.stop(Duration.ofSeconds(10)));
            awaitHealthy(bridge, config);
            log.println("  callback bridge: webhooks at " + bridgeUrl + ", GET /orders/{id}, /health, /prometheus at "
                    + bridgeManagementUrl + " (log " + bridge.log() + ")");
        }

        if (config.connectorClassPath() == null) {
            missing.add("connector (no -Dnumbers.connector.classpath: build it with ./mvnw package)");
        } else {
            final int port = FreePorts.next();
            final var connectorJvm = ServiceProcess.builder("connector", "dev.numbers.connector.Application")
                    .classPath(config.connectorClassPath())
                    .jvmArgs("-Xmx384m")
                    .port(port)
                    .systemProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro")
                    .env("CONNECTOR_HTTP_PORT", String.valueOf(port))
                    // the environment variable alone was seen ignored (the connector bound 8080); a system property
                    // always wins in Micronaut
                    .systemProperty("micronaut.server.port", String.valueOf(port))
                    .systemProperty("connector.kafka.bootstrap-servers", cluster.bootstrapServers())
                    .systemProperty("connector.registry.url", cluster.registryUrl())
                    .systemProperty("connector.bridge-callback-url", bridgeUrl + "/webhooks/signalwire/10dlc")
                    .systemProperty("connector.providers.signalwire.base-url", simulator.signalWireBaseUrl())
                    .systemProperty("connector.providers.signalwire.project-id", defaults.signalWireProjectId())
                    .env("CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN", defaults.signalWireToken())
                    .systemProperty("connector.providers.telnyx.base-url", simulator.telnyxBaseUrl())
                    .env("CONNECTOR_PROVIDERS_TELNYX_API_KEY", defaults.telnyxApiKey())
                    .log(config.dataDir().resolve("connector.log"));
            cluster.settings("connector").forEach((key, value) -> connectorJvm.systemProperty(
                    (ClusterSettings.isRegistryKey(key) ? "connector.registry.properties."
                            : "connector.kafka.properties.")
                            + key, value));
            final var connector = connectorJvm.build().start();
            parts.add(() -> connector.stop(Duration.ofSeconds(10)));
            awaitHealthy(connector, config);
            log.println("  connector health/metrics at http://127.0.0.1:" + port + "/health, /prometheus (log "
                    + connector.log() + ")");
        }
        missing.forEach(m -> log.println("  NOT STARTED: " + m));
        log.flush();
    }

    private void awaitHealthy(final ServiceProcess process, final StackConfig config) {
        final var name = process.spec().name();
        log.println("starting " + name + " ...");
        log.flush();
        if (!ServiceProcess.awaitHealthy(process.healthUrl(), config.startTimeout(), process::isAlive)) {
            throw new IllegalStateException(name + " did not become healthy at " + process.healthUrl() + "; see "
                    + process.log());
        }
    }

    private void createTopics() {
        final var kafka = cluster.kafka();
        kafka.createTopic(TopicNames.REQUESTS, 3);
        kafka.createTopic(TopicNames.RESULTS, 3);
        kafka.createTopic(TopicNames.REQUESTS_DLQ, 1);
        kafka.createCompactedTopic(TopicNames.INTENTS, 3);
        kafka.createTopic(TopicNames.RAW_WEBHOOKS, 3);
        kafka.createTopic(TopicNames.ORDER_STATES, 3);
        log.println("  topics created: " + String.join(", ", TopicNames.REQUESTS, TopicNames.RESULTS,
                TopicNames.REQUESTS_DLQ, TopicNames.INTENTS, TopicNames.RAW_WEBHOOKS, TopicNames.ORDER_STATES));
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The CLI's connection: {@code -b}, {@code -r} and, on the secured stack, {@code --client-config FILE}. */
    public List<String> cliConnection() {
        final var args = new ArrayList<>(List.of("-b", cluster.bootstrapServers(), "-r",
                cluster.registryUrl()));
        if (cluster.secured()) {
            args.addAll(List.of("--client-config", cluster.clientConfig().toString()));
        }
        return args;
    }

    /** How the demo's own reader connects (as the CLI's user on the secured stack). */
    public ClusterSettings cliCluster() {
        return cluster.cliCluster();
    }

    public String registryUrl() {
        return cluster.registryUrl();
    }

    public String bridgeUrl() {
        return bridgeUrl;
    }

    /** The bridge's management port: {@code GET /orders/{id}}, {@code /health}, {@code /prometheus}. */
    public String bridgeManagementUrl() {
        return bridgeManagementUrl;
    }

    /** Parts that could not be started because they are not built; empty when the whole stack runs. */
    public List<String> missing() {
        return List.copyOf(missing);
    }

    public boolean complete() {
        return missing.isEmpty();
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (final Exception e) {
                log.println("while stopping: " + e.getMessage());
            }
        }
        parts.clear();
        log.flush();
    }
}
