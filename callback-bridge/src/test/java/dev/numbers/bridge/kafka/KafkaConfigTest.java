package dev.numbers.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.MinimalSettings;
import dev.numbers.bridge.config.InvalidSetting;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one connection configuration every bridge client (intake, Streams, poller, admin, registry) is built from. */
class KafkaConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"bridge\" password=\"kafka-secret-123\";";

    private final KafkaConfig config = new KafkaConfig("broker:9093", "https://registry/apis/ccompat/v7",
            Map.of("security.protocol", "SASL_SSL",
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

    @Test
    void aMissingBootstrapOrRegistryFailsNamingTheKey() {
        assertThatThrownBy(() -> new KafkaConfig(" ", "https://registry", Map.of()))
                .isInstanceOf(InvalidSetting.class).hasMessage("bridge.kafka.bootstrap-servers must be set");
        assertThatThrownBy(() -> new KafkaConfig("broker:9093", null, Map.of()))
                .isInstanceOf(InvalidSetting.class).hasMessage("bridge.kafka.registry-url must be set");
    }

    @Test
    void aBridgeStartedWithoutBootstrapServersSaysWhichKeyToSet() {
        final var props = MinimalSettings.of();
        props.put("bridge.kafka.bootstrap-servers", "");
        assertThatThrownBy(() -> ApplicationContext.run(props).close())
                .hasStackTraceContaining("bridge.kafka.bootstrap-servers must be set");
    }

    @Test
    void theProducerIsIdempotentAndTheConsumerReadsCommittedRecordsOnly() {
        assertThat(config.producer()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.consumer("poller")).containsEntry("group.id", "poller")
                .containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", "false")
                .containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("basic.auth.user.info");
    }
}
