package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone Kafka server whose only broker listener is SASL_SSL with SCRAM-SHA-512, as on a secured production
 * cluster. The certificate comes from {@link TestCertificates}; the broker's own SCRAM user is written into the
 * metadata when the storage is formatted, and further users are created with {@link #createUser}.
 *
 * <p>The KRaft controller listener is a separate loopback port that clients are never given and that serves no client
 * requests (produce, fetch, groups); the broker listener clients reach is SASL_SSL only.
 */
public final class SecuredKafkaProcess extends KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(SecuredKafkaProcess.class);
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String ADMIN = "broker-admin";

    private final int port;
    private final TestCertificates certificates;
    private final String adminPassword;
    private final Path dataDir;
    private final ChildJvm process;

    private SecuredKafkaProcess(final int port, final TestCertificates certificates, final String adminPassword,
                                final Path dataDir, final ChildJvm process) {
        this.port = port;
        this.certificates = certificates;
        this.adminPassword = adminPassword;
        this.dataDir = dataDir;
        this.process = process;
    }

    public static SecuredKafkaProcess start(final Path dataDir, final TestCertificates certificates) {
        final int port = FreePorts.next();
        final int controllerPort = FreePorts.next();
        final var adminPassword = UUID.randomUUID().toString();
        try {
            Files.createDirectories(dataDir);
            final var config = dataDir.resolve("server.properties");
            Files.writeString(config, serverProperties(port, controllerPort, dataDir, certificates, adminPassword));
            KafkaServerProcess.format(config, dataDir.resolve("format.log"), "--add-scram",
                    MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]");
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Kafka in " + dataDir, e);
        }
        final var process = ChildJvm.of("kafka.Kafka")
                .jvmArg("-Xmx512m")
                .args(dataDir.resolve("server.properties").toString())
                .log(dataDir.resolve("server.log"))
                .start();
        final var broker = new SecuredKafkaProcess(port, certificates, adminPassword, dataDir, process);
        broker.awaitReady(Duration.ofSeconds(120));
        LOG.info("Kafka {} listening at SASL_SSL://{} (data: {})", KafkaVersion.VERSION, broker.bootstrapServers(),
                dataDir);
        return broker;
    }

    private static String serverProperties(final int port, final int controllerPort, final Path dataDir,
                                           final TestCertificates tls, final String adminPassword) {
        final var lines = new LinkedHashMap<String, String>();
        lines.put("process.roles", "broker,controller");
        lines.put("node.id", "1");
        lines.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        lines.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        lines.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        lines.put("controller.listener.names", "CONTROLLER");
        lines.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        lines.put("inter.broker.listener.name", "SASL_SSL");
        lines.put("sasl.enabled.mechanisms", MECHANISM);
        lines.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        lines.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
        lines.put("ssl.keystore.location", tls.keyStore().toString());
        lines.put("ssl.keystore.password", tls.password());
        lines.put("ssl.keystore.type", "PKCS12");
        lines.put("ssl.truststore.location", tls.trustStore().toString());
        lines.put("ssl.truststore.password", tls.password());
        lines.put("ssl.truststore.type", "PKCS12");
        lines.put("log.dirs", dataDir.resolve("logs").toString());
        lines.put("offsets.topic.replication.factor", "1");
        lines.put("offsets.topic.num.partitions", "4");
        lines.put("transaction.state.log.replication.factor", "1");
        lines.put("transaction.state.log.min.isr", "1");
        lines.put("transaction.state.log.num.partitions", "4");
        lines.put("group.initial.rebalance.delay.ms", "0");
        lines.put("auto.create.topics.enable", "false");
        lines.put("num.partitions", "1");
        final var out = new StringBuilder();
        lines.forEach((k, v) -> out.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return out.toString();
    }

    /** The JAAS line a SCRAM client (or the broker itself) logs in with. */
    public static String jaas(final String user, final String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Client settings for {@code user}: SASL_SSL, SCRAM-SHA-512, trusting the test certificate. */
    public Map<String, String> clientSettings(final String user, final String password) {
        final var settings = new LinkedHashMap<String, String>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", jaas(user, password));
        settings.put("ssl.truststore.location", certificates.trustStore().toString());
        settings.put("ssl.truststore.password", certificates.password());
        settings.put("ssl.truststore.type", "PKCS12");
        return settings;
    }

    /** Creates (or resets) a SCRAM-SHA-512 user, as an operator does with kafka-configs.sh. */
    public void createUser(final String user, final String password) {
        try (var admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create SCRAM user " + user + ": " + e.getMessage(), e);
        }
    }

    /** Admin settings as the broker's own SCRAM user. */
    @Override
    public Properties clientProperties() {
        final var props = super.clientProperties();
        props.putAll(clientSettings(ADMIN, adminPassword));
        return props;
    }

    private void awaitReady(final Duration timeout) {
        KafkaServerProcess.awaitAnswer(process, clientProperties(), timeout);
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.stop(60);
        }
    }
}
