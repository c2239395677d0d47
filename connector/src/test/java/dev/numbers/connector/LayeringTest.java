package dev.numbers.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

/**
 * The connector's packages depend on each other one way: the runner (loop) → the executor → the ledger, the provider
 * clients and the quotas (which never use each other) → validation and the shared parts (accounts, rate limits,
 * tracing, concurrency) → configuration → the vocabulary every room speaks (operation, outcome). A wrong import fails
 * here, naming the class and the dependency; {@link #aLedgerClassCallingTheExecutorFails} shows it on a fixture.
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
                        root + ".observe..", root + ".concurrency..")
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
