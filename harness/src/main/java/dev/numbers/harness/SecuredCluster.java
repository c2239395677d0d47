package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A secured cluster as users run it: the SASL_SSL-only broker ({@link SecuredKafkaProcess}) and a schema registry
 * reachable only through nginx with TLS and basic auth ({@link TlsRegistryProxy}), with a certificate made for this
 * run. Each client user gets its own SCRAM credentials; every secret (JAAS config, trust store password, registry
 * user info) is written to a file in {@code dir}, and {@link #settings} names those files with {@code <key>-file}
 * settings, the way Kubernetes mounts secrets.
 */
public final class SecuredCluster implements AutoCloseable {

    public static final String REGISTRY_USER = "numbers";

    private final Path dir;
    private final TestCertificates tls;
    private final SecuredKafkaProcess kafka;
    private final TlsRegistryProxy registry;
    private final List<String> secrets = new ArrayList<>();

    private SecuredCluster(final Path dir, final TestCertificates tls, final SecuredKafkaProcess kafka,
                           final TlsRegistryProxy registry) {
        this.dir = dir;
        this.tls = tls;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts the broker and puts nginx in front of the (plain, loopback) registry at {@code registryUrl}. */
    public static SecuredCluster start(final Path dir, final String registryUrl) {
        final var tls = TestCertificates.create(dir.resolve("tls"));
        final var kafka = SecuredKafkaProcess.start(dir.resolve("kafka"), tls);
        try {
            final var registryPassword = UUID.randomUUID().toString();
            final var registry = TlsRegistryProxy.start(dir.resolve("nginx"), registryUrl, tls, REGISTRY_USER,
                    registryPassword);
            final var cluster = new SecuredCluster(dir, tls, kafka, registry);
            cluster.secrets.addAll(List.of(registryPassword, tls.password()));
            cluster.write("registry.userinfo", REGISTRY_USER + ":" + registryPassword);
            cluster.write("truststore.password", tls.password());
            return cluster;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** Creates a SCRAM user with a random password and returns its client settings. */
    public Map<String, String> addUser(final String user) {
        final var password = UUID.randomUUID().toString();
        kafka.createUser(user, password);
        secrets.add(password);
        write(user + ".jaas", SecuredKafkaProcess.jaas(user, password));
        return settings(user);
    }

    /** Kafka and registry client settings of a user made by {@link #addUser}; every secret is a file path. */
    public Map<String, String> settings(final String user) {
        final var settings = new LinkedHashMap<String, String>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", SecuredKafkaProcess.MECHANISM);
        settings.put("sasl.jaas.config-file", dir.resolve(user + ".jaas").toString());
        settings.put("ssl.truststore.location", tls.trustStore().toString());
        settings.put("ssl.truststore.type", "PKCS12");
        settings.put("ssl.truststore.password-file", dir.resolve("truststore.password").toString());
        settings.put("basic.auth.user.info-file", dir.resolve("registry.userinfo").toString());
        settings.put("schema.registry.ssl.truststore.location", tls.trustStore().toString());
        settings.put("schema.registry.ssl.truststore.type", "PKCS12");
        settings.put("schema.registry.ssl.truststore.password-file", dir.resolve("truststore.password").toString());
        return settings;
    }

    private void write(final String name, final String secret) {
        try {
            Files.writeString(dir.resolve(name), secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SecuredKafkaProcess kafka() {
        return kafka;
    }

    public TlsRegistryProxy registry() {
        return registry;
    }

    public TestCertificates tls() {
        return tls;
    }

    /** Every password and key this cluster made, for tests that look for leaks. */
    public List<String> secrets() {
        return List.copyOf(secrets);
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
