package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.account.SignalWireConfig;
import dev.numbers.connector.account.TelnyxConfig;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.numbers.connector.validation.RequestLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

public class ConfigurationTest {

    public static Map<String, Object> valid() {
        final var props = new HashMap<String, Object>();
        props.put("connector.bridge-callback-url", "http://bridge.local/callbacks/signalwire");
        props.put("connector.kafka.bootstrap-servers", "localhost:9092");
        props.put("connector.kafka.properties.security.protocol", "SASL_SSL");
        props.put("connector.kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLogin"
                + "Module required username=\"u\" password=\"kafka-secret-123\";");
        props.put("connector.registry.url", "http://localhost:8081");
        props.put("connector.providers.signalwire.base-url", "http://localhost:1/api/relay/rest");
        props.put("connector.providers.signalwire.project-id", "project-1");
        props.put("connector.providers.signalwire.api-token", "PTfake-signalwire-token");
        props.put("connector.providers.telnyx.base-url", "http://localhost:1/v2");
        props.put("connector.providers.telnyx.api-key", "KEYfake-telnyx-key");
        props.put("connector.loop.enabled", false);
        props.put("micronaut.server.port", -1);
        return props;
    }

    @Test
    void bindsKafkaPassThroughPropertiesVerbatim() {
        try (var context = ApplicationContext.run(valid())) {
            final var kafka = context.getBean(KafkaConfig.class);
            assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL")
                    .containsKey("sasl.jaas.config");
        }
    }

    @Test
    void printsNoSecretsInToString() {
        try (var context = ApplicationContext.run(valid())) {
            final var printed = context.getBean(KafkaConfig.class) + " " + context.getBean(SignalWireConfig.class)
                    + " " + context.getBean(TelnyxConfig.class);
            assertThat(printed).doesNotContain("kafka-secret-123", "PTfake-signalwire-token", "KEYfake-telnyx-key")
                    .contains("SASL_SSL", "project-1");
        }
    }

    @Test
    void secretsComeFromFilesForKafkaAndTheRegistryAndAreNeverPrinted(@TempDir
                                                                      final Path dir) throws Exception {
        final var jaas = Files.writeString(dir.resolve("jaas"), "org.apache.kafka.common.security.scram"
                + ".ScramLoginModule required username=\"svc\" password=\"file-secret-456\";\n");
        final var token = Files.writeString(dir.resolve("token"), "registry-token-789\n");
        final var props = valid();
        props.remove("connector.kafka.properties.sasl.jaas.config");
        props.put("connector.kafka.properties.sasl.jaas.config-file", jaas.toString());
        props.put("connector.registry.properties.bearer.auth.token-file", token.toString());
        props.put("connector.registry.properties.schema.registry.ssl.truststore.location", "/etc/registry/ts.p12");
        try (var context = ApplicationContext.run(props)) {
            final var kafka = context.getBean(KafkaConfig.class);
            final var registry = context.getBean(RegistryConfig.class);

            assertThat(kafka.clientProperties()).containsEntry("bootstrap.servers", "localhost:9092")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .hasEntrySatisfying("sasl.jaas.config", v -> assertThat(v.toString()).contains("file-secret-456"));
            assertThat(registry.serdeConfig().bearerToken()).isEqualTo("registry-token-789");
            assertThat(registry.serdeConfig().truststoreLocation()).isEqualTo("/etc/registry/ts.p12");
            assertThat(kafka + " " + registry + " " + registry.serdeConfig())
                    .doesNotContain("file-secret-456").doesNotContain("registry-token-789");
        }
    }

    @Test
    void failsStartUpNamingTheInvalidKeyAsTheUserWroteIt() {
        final var props = valid();
        props.put("connector.max-in-flight", 0);
        assertThat(StartupErrors.describe(startUpFailure(props)))
                .containsExactly("connector.max-in-flight: must be greater than or equal to 1");
    }

    @Test
    void failsStartUpNamingAMissingCredentialAndItsEnvironmentVariable() {
        final var props = valid();
        props.remove("connector.providers.telnyx.api-key");
        assertThat(StartupErrors.describe(startUpFailure(props))).containsExactly(
                "connector.providers.telnyx.api-key is required and not set (environment variable"
                        + " CONNECTOR_PROVIDERS_TELNYX_API_KEY, or connector.providers.telnyx.api-key-file naming a"
                        + " file that holds it)");
    }

    @Test
    void failsStartUpOnAnInvalidInstanceId() {
        final var props = valid();
        props.put("connector.instance-id", "two words");
        assertThat(StartupErrors.describe(startUpFailure(props))).containsExactly(
                "connector.instance-id: must be 1-200 letters, digits, '.', '_' or '-'");
    }

    @Test
    void failsStartUpNamingAnInvalidLimit() {
        final var props = valid();
        props.put("connector.limits.max-numbers-per-operation", 0);
        assertThat(StartupErrors.describe(startUpFailure(props))).containsExactly(
                "connector.limits.max-numbers-per-operation: must be greater than or equal to 1");
        final var health = valid();
        health.put("connector.health.aborts-before-down", -3);
        assertThat(StartupErrors.describe(startUpFailure(health))).containsExactly(
                "connector.health.aborts-before-down: must be greater than or equal to 1");
    }

    @Test
    void failsStartUpOnANegativeStallReportTime() {
        final var props = valid();
        props.put("connector.health.stall-report-after", "-5s");
        assertThat(StartupErrors.describe(startUpFailure(props))).anySatisfy(line -> assertThat(line)
                .contains("connector.health.stall-report-after (PT-5S) must be 0 (off) or positive"));
    }

    @Test
    void failsStartUpOnANegativePositionStallTime() {
        final var props = valid();
        props.put("connector.health.position-stall-after", "-1s");
        assertThat(StartupErrors.describe(startUpFailure(props))).anySatisfy(line -> assertThat(line)
                .contains("connector.health.position-stall-after (PT-1S) must be 0 (off) or positive"));
    }

    @Test
    void failsStartUpNamingTheKeyOfAProviderClientOrAccountSetting() {
        final var retry = valid();
        retry.put("connector.retry.max-attempts", 0);
        assertThat(StartupErrors.describe(startUpFailure(retry))).containsExactly(
                "connector.retry.max-attempts: must be greater than or equal to 1");
        final var rate = valid();
        rate.put("connector.providers.signalwire.requests-per-second", 0);
        assertThat(StartupErrors.describe(startUpFailure(rate))).containsExactly(
                "connector.providers.signalwire.requests-per-second: must be greater than 0");
    }

    @Test
    void bindsTheLimitsWithTheirDefaults() {
        final var props = valid();
        props.put("connector.limits.max-string-length", 300);
        try (var context = ApplicationContext.run(props)) {
            final var limits = context.getBean(RequestLimits.class);
            assertThat(limits.maxStringLength()).isEqualTo(300);
            assertThat(limits.maxNumbersPerOperation()).isEqualTo(1000);
            assertThat(limits.maxResultBytes()).isEqualTo(900_000);
        }
    }

    private static Throwable startUpFailure(final Map<String, Object> props) {
        try {
            ApplicationContext.run(props).close();
        } catch (RuntimeException failure) {
            return failure;
        }
        throw new AssertionError("start-up did not fail");
    }
}
