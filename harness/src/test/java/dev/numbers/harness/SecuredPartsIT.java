package dev.numbers.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured launchers themselves: a SASL_SSL-only broker and the registry behind TLS and basic auth. */
class SecuredPartsIT {

    @TempDir
    Path dir;

    @Test
    void saslSslBrokerServesAScramUserAndRefusesPlaintextAndWrongPasswords() throws Exception {
        final var tls = TestCertificates.create(dir.resolve("tls"));
        try (var broker = SecuredKafkaProcess.start(dir.resolve("kafka"), tls)) {
            final var topic = "secured-" + UUID.randomUUID();
            broker.createTopic(topic, 1);
            broker.createUser("app", "app-password");

            final var app = producerProps(broker, broker.clientSettings("app", "app-password"));
            try (var producer = new KafkaProducer<>(app, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
            }

            final var plaintext = new Properties();
            plaintext.put("bootstrap.servers", broker.bootstrapServers());
            plaintext.put("request.timeout.ms", "2000");
            plaintext.put("default.api.timeout.ms", "4000");
            try (var admin = Admin.create(plaintext)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                        .as("a PLAINTEXT client gets no answer from the SASL_SSL listener").isNotNull();
            }
            final var wrong = producerProps(broker, broker.clientSettings("app", "wrong-password"));
            try (var producer = new KafkaProducer<>(wrong, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
                        .hasStackTraceContaining("Authentication failed");
            }
            System.out.println("secured broker at SASL_SSL://" + broker.bootstrapServers()
                    + ": SCRAM user produced; PLAINTEXT and a wrong password were refused");
        }
    }

    @Test
    void registryBehindNginxAnswersOnlyAuthenticatedTlsCalls() throws Exception {
        Assumptions.assumeTrue(TlsRegistryProxy.available() || System.getenv("CI") != null,
                "nginx is not installed; .ci/run installs it");
        final var tls = TestCertificates.create(dir.resolve("tls"));
        try (var proxy = TlsRegistryProxy.start(dir.resolve("nginx"), SchemaRegistry.shared().url(), tls, "svc",
                "svc-password")) {
            final var http = HttpClient.newBuilder().sslContext(tls.sslContext()).connectTimeout(Duration.ofSeconds(10))
                    .build();
            final var subjects = URI.create(proxy.url() + "/subjects");

            final var anonymous = http.send(HttpRequest.newBuilder(subjects).build(),
                    HttpResponse.BodyHandlers.ofString());
            final var authenticated = http.send(HttpRequest.newBuilder(subjects).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("svc:svc-password".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(authenticated.statusCode()).isEqualTo(200);
            assertThat(proxy.accessLog()).containsExactly("- 401 GET /apis/ccompat/v7/subjects",
                    "svc 200 GET /apis/ccompat/v7/subjects");
            System.out.println("registry proxy at " + proxy.url() + " logged: " + proxy.accessLog());
        }
    }

    private static Properties producerProps(final SecuredKafkaProcess broker, final Map<String, String> security) {
        final var props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.putAll(security);
        props.put("max.block.ms", "20000");
        props.put("delivery.timeout.ms", "20000");
        props.put("request.timeout.ms", "10000");
        return props;
    }
}
