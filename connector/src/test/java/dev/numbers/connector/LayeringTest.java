package dev.numbers.connector;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

/**
 * The connector's packages depend on each other one way: the runner (loop) → the executor → the ledger, the provider
 * clients and the quotas (which never use each other) → validation and the shared parts (accounts, rate limits,
 * tracing, concurrency, the transactional lane) → configuration → the vocabulary every room speaks (operation,
 * outcome). A wrong import fails here, naming the class and the dependency; {@link
 * #aLedgerClassCallingTheExecutorFails} shows it on a fixture.
 *
 * <p>Inside that order the loop is Kafka mechanics only: apart from its wiring ({@code RequestLoopFactory}) it reaches
 * the request path through one port and reads only the {@code Outputs} it publishes, never the executor's, the
 * validation's, the providers' or the quotas' classes ({@link #aLoopClassCallingTheExecutorFails}). The ledger gate
 * decides and the executor executes: neither wraps the other, and no claim travels in a thread-local.
 */
class LayeringTest {

    /** The layers under {@code root}; the fixture uses the same rule under its own root, where most are empty. */
    static Architectures.LayeredArchitecture layers(final String root, final boolean emptyLayersAllowed) {
        return Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(emptyLayersAllowed)
                .ensureAllClassesAreContainedInArchitecture()
                .layer("Runner").definedBy(root, root + ".loop..")
                .layer("Executor").definedBy(root + ".executor..")
                .layer("Ledger").definedBy(root + ".ledger..")
                .layer("Provider").definedBy(root + ".provider..")
                .layer("Quota").definedBy(root + ".quota..")
                .layer("Shared").definedBy(root + ".validation..", root + ".account..", root + ".ratelimit..",
                        root + ".observe..", root + ".concurrency..", root + ".lane..")
                .layer("Config").definedBy(root + ".config..")
                .layer("Vocabulary").definedBy(root + ".operation..", root + ".outcome..")
                .whereLayer("Runner").mayNotBeAccessedByAnyLayer()
                .whereLayer("Executor").mayOnlyBeAccessedByLayers("Runner")
                .whereLayer("Ledger").mayOnlyBeAccessedByLayers("Runner", "Executor")
                .whereLayer("Provider").mayOnlyBeAccessedByLayers("Runner", "Executor")
                .whereLayer("Quota").mayOnlyBeAccessedByLayers("Runner", "Executor")
                .whereLayer("Shared").mayOnlyBeAccessedByLayers("Runner", "Executor", "Ledger", "Provider", "Quota")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Runner", "Executor", "Ledger", "Provider", "Quota",
                        "Shared")
                .whereLayer("Vocabulary").mayOnlyAccessLayers("Vocabulary");
    }

    /** The loop's classes, but its wiring, see the request path only as the outputs it hands over. */
    static ArchRule loopIsKafkaMechanics(final String root) {
        return noClasses().that().resideInAPackage(root + ".loop..")
                .and().haveNameNotMatching(".*RequestLoopFactory.*")
                .should().dependOnClassesThat(resideInAnyPackage(root + ".executor..", root + ".validation..",
                        root + ".provider..", root + ".quota..", root + ".account..", root + ".operation..",
                        root + ".outcome..").and(not(nameMatching(".*\\.executor\\.Outputs(\\$.*)?"))))
                .because("the loop is Kafka mechanics only, with one port into the request path");
    }

    @Test
    void theLoopIsKafkaMechanicsWithOnePortIntoTheRequestPath() {
        final var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.numbers.connector");
        loopIsKafkaMechanics("dev.numbers.connector").check(classes);
        // Of the ledger, the loop keeps it caught up and tells it of commits; claims and entries are the path's.
        noClasses().that().resideInAPackage("dev.numbers.connector.loop..")
                .and().haveNameNotMatching(".*RequestLoopFactory.*")
                .should().dependOnClassesThat(resideInAnyPackage("dev.numbers.connector.ledger..")
                        .and(not(nameMatching(".*\\.ledger\\.(IntentLedger|RecordRef|OpenTransactions)(\\$.*)?"))))
                .check(classes);
    }

    @Test
    void theGateDecidesAndTheExecutorExecutesWithTheClaimAsAValue() {
        final var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.numbers.connector");
        noClasses().that().haveSimpleName("LedgerGate").should().dependOnClassesThat().haveSimpleName(
                "RequestExecutor").check(classes);
        noClasses().that().haveSimpleName("RequestExecutor").should().dependOnClassesThat().resideInAnyPackage(
                "dev.numbers.connector.ledger..", "dev.numbers.connector.quota..").check(classes);
        noClasses().should().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
                .because("a request's claim is a value its provider call carries").check(classes);
    }

    @Test
    void aLoopClassCallingTheExecutorFails() {
        final var fixture = new ClassFileImporter().importPackages("dev.numbers.connector.layering.fixture");
        assertThatThrownBy(() -> loopIsKafkaMechanics("dev.numbers.connector.layering.fixture").check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.loop.Runner")
                .hasMessageContaining("fixture.executor.Executor")
                .hasMessageNotContaining("fixture.loop.Dispatch");
    }

    @Test
    void connectorPackagesDependOneWay() {
        final var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.numbers.connector");
        assertThat(classes).isNotEmpty();
        layers("dev.numbers.connector", false).check(classes);
    }

    @Test
    void aLedgerClassCallingTheExecutorFails() {
        final var fixture = new ClassFileImporter().importPackages("dev.numbers.connector.layering.fixture");
        assertThatThrownBy(() -> layers("dev.numbers.connector.layering.fixture", true).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.ledger.GateThatCallsTheExecutor")
                .hasMessageContaining("fixture.executor.Executor")
                .hasMessageNotContaining("fixture.loop.Runner");
    }
}
