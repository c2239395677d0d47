package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SerdeConfigTest {

    @Test
    void readsConfluentKeys() {
        final var config = SerdeConfig.fromMap(Map.of(
                "schema.registry.url", "https://registry.example:8081/",
                "basic.auth.user.info", "svc:not-a-real-secret",
                "auto.register.schemas", "false",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "schema.registry.ssl.truststore.location", "/etc/ssl/registry.p12",
                "schema.registry.ssl.truststore.password", "also-not-real",
                "schema.registry.ssl.truststore.type", "PKCS12"));

        assertThat(config).isEqualTo(new SerdeConfig("https://registry.example:8081", "svc:not-a-real-secret",
                "/etc/ssl/registry.p12", "also-not-real", "PKCS12", false, SubjectNameStrategy.RECORD));
    }

    @Test
    void defaultsToAutoRegisteringTopicSubjects() {
        final var config = SerdeConfig.fromMap(Map.of("schema.registry.url", "http://localhost:8081"));

        assertThat(config.autoRegister()).isTrue();
        assertThat(config.subjectNameStrategy()).isEqualTo(SubjectNameStrategy.TOPIC);
        assertThat(config.truststoreType()).isEqualTo("JKS");
        assertThat(config.missingIdTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.missingSchemaTtl()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsHowLongA404IsRememberedInConfluentsKeys() {
        final var config = SerdeConfig.fromMap(Map.of("schema.registry.url", "http://localhost:8081",
                "missing.id.cache.ttl.sec", "30", "missing.schema.cache.ttl.sec", "0"));

        assertThat(config.missingIdTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.missingSchemaTtl()).isZero();
    }

    @Test
    void toStringHidesPasswords() {
        final var config = new SerdeConfig("https://r", "svc:not-a-real-secret", "/ts", "also-not-real", "PKCS12",
                true, SubjectNameStrategy.TOPIC);

        assertThat(config.toString()).contains("svc:[hidden]")
                .doesNotContain("not-a-real-secret").doesNotContain("also-not-real");
    }
}
