package dev.numbers.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one connection configuration every bridge client (intake, Streams, poller, admin, registry) is built from. */
class KafkaConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"bridge\" password=\"kafka-secret-123\";";

    private final KafkaConfig config = new KafkaConfig("broker:9093", "https://registry/apis/ccompat/v7", "raw",
            Duration.ofSeconds(5), Duration.ofMillis(2), Map.of("security.protocol", "SASL_SSL",
                    "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                    "basic.auth.user.info", "bridge:registry-secret-456",
                    "schema.registry.ssl.truststore.location", "/etc/registry/ts.p12"));

    @Test
    void everyClientGetsTheSecuritySettingsAndTheRegistryClientItsAuth() {
        assertThat(config.cluster().kafka()).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", JAAS);
        final var serde = config.cluster().serde();
        assertThat(serde.registryUrl()).isEqualTo("https://registry/apis/ccompat/v7");
        assertThat(serde.basicAuthUserInfo()).isEqualTo("bridge:registry-secret-456");
        assertThat(serde.truststoreLocation()).isEqualTo("/etc/registry/ts.p12");
    }

    @Test
    void toStringShowsTheSettingsButNoSecret() {
        assertThat(config.toString() + config.cluster()).contains("SASL_SSL", "SCRAM-SHA-512")
                .doesNotContain("kafka-secret-123", "registry-secret-456");
    }
}
