package dev.numbers.schemas.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"svc\" password=\"not-a-real-secret\";";

    @TempDir
    Path dir;

    @Test
    void kafkaClientsGetEverySecuritySettingButNoRegistryKeys() {
        final var settings = new ClusterSettings("broker:9093", "https://registry/apis/ccompat/v7", Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "basic.auth.user.info", "svc:registry-secret", "schema.registry.ssl.truststore.location", "/ts.p12"));

        assertThat(settings.kafka()).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .doesNotContainKeys("basic.auth.user.info", "schema.registry.ssl.truststore.location");
        assertThat(settings.serde().basicAuthUserInfo()).isEqualTo("svc:registry-secret");
        assertThat(settings.serde().truststoreLocation()).isEqualTo("/ts.p12");
    }

    @Test
    void secretsComeFromFilesNamedByTheFileSuffixTheWayKubernetesMountsThem() throws IOException {
        final var jaas = Files.writeString(dir.resolve("jaas"), JAAS + "\n");
        final var userInfo = Files.writeString(dir.resolve("registry"), "svc:registry-secret\n");
        final var settings = new ClusterSettings("broker:9093", "https://registry", Map.of(
                "sasl.jaas.config-file", jaas.toString(), "basic.auth.user.info-file", userInfo.toString()));

        assertThat(settings.kafka()).containsEntry("sasl.jaas.config", JAAS).doesNotContainKey("sasl.jaas.config-file");
        assertThat(settings.serde().basicAuthUserInfo()).isEqualTo("svc:registry-secret");

        Files.writeString(jaas, JAAS.replace("not-a-real-secret", "rotated-secret"));
        assertThat(settings.kafka().get("sasl.jaas.config").toString()).contains("rotated-secret");
    }

    @Test
    void aMissingSecretFileNamesTheSettingAndTheFileOnly() {
        final var settings = new ClusterSettings("broker:9093", "https://registry",
                Map.of("sasl.jaas.config-file", dir.resolve("absent").toString()));

        assertThatThrownBy(settings::kafka).hasMessageContaining("sasl.jaas.config-file")
                .hasMessageContaining("absent");
    }

    @Test
    void toStringNeverShowsASecret() {
        final var settings = new ClusterSettings("broker:9093", "https://registry", Map.of(
                "sasl.jaas.config", JAAS, "ssl.truststore.password", "not-a-real-secret",
                "ssl.keystore.password", "not-a-real-secret", "ssl.key.password", "not-a-real-secret",
                "basic.auth.user.info", "svc:not-a-real-secret", "bearer.auth.token", "not-a-real-secret",
                "security.protocol", "SASL_SSL"));

        assertThat(settings.toString()).doesNotContain("not-a-real-secret").contains("SASL_SSL")
                .contains("sasl.jaas.config=" + ClientSecrets.MASK);
        assertThat(settings.serde().toString()).doesNotContain("not-a-real-secret");
    }
}
