package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every client gets the common settings, what its role sets on top, and a name of its own. */
class KafkaClientsTest {

    private static final Map<String, Object> COMMON = Map.of("bootstrap.servers", "broker:9092",
            "security.protocol", "SASL_SSL", "group.id", "numbers-connector", "client.id", "acme-connector");

    @Test
    void aClientKeepsTheCommonSettingsTakesItsRolesAndIsNamedAfterItsRole() {
        final var props = KafkaClients.properties(COMMON, "quotas-follower", settings -> {
            settings.remove("group.id");
            settings.put("isolation.level", "read_committed");
        });

        assertThat(props).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("client.id", "acme-connector-quotas-follower")
                .doesNotContainKey("group.id");
    }

    @Test
    void aRoleCannotRenameItsClientAndTheNameDefaultsToTheConnectors() {
        final var props = KafkaClients.properties(Map.of("bootstrap.servers", "broker:9092"), "probe",
                settings -> settings.put("client.id", "other"));

        assertThat(props).containsEntry("client.id", "numbers-connector-probe");
    }
}
