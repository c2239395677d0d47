package dev.numbers.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The bridge's packages depend on each other one way: the confirmation poller (confirm) → the order-state topology
 * (orderstate) → the webhook intake (webhook: verification and parsing) → the one raw-webhook sink (ingest) → dead
 * letters, the Kafka clients, observation and management → configuration. The poller writes through the sink, never
 * a producer of its own, and no class outside {@code kafka} builds a Kafka client. A wrong import fails here, naming
 * the class and the dependency; {@link #aWebhookClassReachingIntoTheTopologyFails} shows it on a fixture.
 */
class LayeringTest {

    private static final List<Class<?>> CLIENTS = List.of(KafkaProducer.class, KafkaConsumer.class,
            KafkaStreams.class, Admin.class);

    /** The layers under {@code root}; the fixture uses the same rule under its own root, where most are empty. */
    static Architectures.LayeredArchitecture layers(final String root, final boolean emptyLayersAllowed) {
        return Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(emptyLayersAllowed)
                .ensureAllClassesAreContainedInArchitecture()
                .layer("Application").definedBy(root)
                .layer("Confirm").definedBy(root + ".confirm..")
                .layer("OrderState").definedBy(root + ".orderstate..")
                .layer("Webhook").definedBy(root + ".webhook..")
                .layer("Ingest").definedBy(root + ".ingest..")
                .layer("DeadLetter").definedBy(root + ".deadletter..")
                .layer("Infrastructure").definedBy(root + ".kafka..", root + ".observe..", root + ".management..")
                .layer("Config").definedBy(root + ".config..")
                .whereLayer("Application").mayNotBeAccessedByAnyLayer()
                .whereLayer("Confirm").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("OrderState").mayOnlyBeAccessedByLayers("Application", "Confirm")
                .whereLayer("Webhook").mayOnlyBeAccessedByLayers("Application", "OrderState")
                .whereLayer("Ingest").mayOnlyBeAccessedByLayers("Application", "Confirm", "OrderState", "Webhook")
                .whereLayer("DeadLetter").mayOnlyBeAccessedByLayers("Application", "Confirm", "OrderState")
                .whereLayer("Infrastructure").mayOnlyBeAccessedByLayers("Application", "Confirm", "OrderState",
                        "Webhook", "Ingest", "DeadLetter")
                .whereLayer("Config").mayOnlyAccessLayers("Config");
    }

    /** Every Kafka client is built in {@code kafka.KafkaClients}: a constructor or factory call anywhere else fails. */
    static ArchRule clientsBuiltInOnePlace(final String root) {
        final DescribedPredicate<JavaCall<?>> buildsAClient = DescribedPredicate.describe("builds a Kafka client",
                call -> CLIENTS.stream().anyMatch(client -> call.getTargetOwner().isAssignableTo(client))
                        && (call.getName().equals("<init>") || call.getName().equals("create")));
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".kafka..")
                .should().callCodeUnitWhere(buildsAClient)
                .because("each Kafka client of the bridge is built in one place");
    }

    @Test
    void bridgePackagesDependOneWay() {
        final var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.numbers.bridge");
        assertThat(classes).isNotEmpty();
        layers("dev.numbers.bridge", false).check(classes);
        clientsBuiltInOnePlace("dev.numbers.bridge").check(classes);
    }

    @Test
    void aWebhookClassReachingIntoTheTopologyFails() {
        final var fixture = new ClassFileImporter().importPackages("dev.numbers.bridge.layering.fixture");
        assertThatThrownBy(() -> layers("dev.numbers.bridge.layering.fixture", true).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.webhook.IntakeThatAsksTheTopology")
                .hasMessageContaining("fixture.orderstate.Topology");
    }

    @Test
    void aPollerWithAProducerOfItsOwnFails() {
        final var fixture = new ClassFileImporter().importPackages("dev.numbers.bridge.layering.fixture");
        assertThatThrownBy(() -> clientsBuiltInOnePlace("dev.numbers.bridge.layering.fixture").check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.confirm.PollerWithItsOwnProducer")
                .hasMessageContaining("KafkaProducer");
    }
}
