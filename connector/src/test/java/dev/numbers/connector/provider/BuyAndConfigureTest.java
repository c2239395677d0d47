package dev.numbers.connector.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ProviderError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outcome of a buy-and-configure: the purchase always stands, the configuration is reported beside it. */
class BuyAndConfigureTest {

    private static final PhoneNumber BOUGHT = PhoneNumber.newBuilder().setId("pn-1").setNumber("+12025550123")
            .setNumberType("longcode").build();
    private static final Outcome.Succeeded PURCHASE = new Outcome.Succeeded(BOUGHT, "{}", 1, true);

    @Test
    void anAppliedConfigurationIsReportedBesideThePurchase() {
        final var outcome = (Outcome.Succeeded) BuyAndConfigure.run(PURCHASE, bought -> List.of(step(
                new Outcome.Succeeded(Configurations.configured("pn-1", "+12025550123", Configurations.APPLIED,
                        List.of("call_handler")), null, 2))));

        assertThat(outcome.resource()).isSameAs(BOUGHT);
        assertThat(outcome.reconciled()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.configuration().result().getState()).isEqualTo("applied");
        assertThat(outcome.configuration().result().getChangedFields()).containsExactly("call_handler");
        assertThat(outcome.configuration().errors()).isEmpty();
    }

    @Test
    void aRefusedConfigurationKeepsThePurchaseAndCarriesTheErrorsUnderConfiguration() {
        final var refusal = ProviderError.newBuilder(Errors.of("10015", "Invalid value", "no address",
                "/emergency/emergency_address_id")).setHttpStatus(422).build();
        final var outcome = BuyAndConfigure.run(PURCHASE, bought -> List.of(step(
                new Outcome.Rejected(List.of(refusal), "{}", 1))));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(s.resource()).isSameAs(BOUGHT);
            assertThat(s.configuration().result().getState()).isEqualTo("refused");
            assertThat(s.configuration().result().getNumber()).isEqualTo("+12025550123");
            assertThat(s.configuration().errors()).singleElement().satisfies(e -> {
                assertThat(e.getField()).isEqualTo("configuration./emergency/emergency_address_id");
                assertThat(e.getHttpStatus()).isEqualTo(422);
            });
        });
    }

    @Test
    void severalNumbersReportTheWorstAndEveryFieldChanged() {
        final var outcome = (Outcome.Succeeded) BuyAndConfigure.run(PURCHASE, bought -> List.of(
                step(new Outcome.Succeeded(Configurations.configured("a", "+1", Configurations.APPLIED,
                        List.of("tags")), null, 1)),
                step(new Outcome.Failed(List.of(Errors.of("unreachable", "No answer", "timeout", null)), null, 3))));

        assertThat(outcome.configuration().result().getState()).isEqualTo("failed");
        assertThat(outcome.configuration().result().getNumber()).isNull();
        assertThat(outcome.configuration().result().getChangedFields()).containsExactly("tags");
        assertThat(outcome.configuration().errors()).extracting(ProviderError::getField)
                .containsExactly("configuration");
    }

    @Test
    void aPurchaseThatDidNotSucceedIsAnsweredAsItIsWithoutConfiguring() {
        final var rejected = new Outcome.Rejected(List.of(Errors.of("number_not_available", "x", "y", null)), null, 1);
        assertThat(BuyAndConfigure.run(rejected, bought -> {
            throw new AssertionError("nothing to configure");
        })).isSameAs(rejected);
    }

    @Test
    void tagsInAnotherOrderAreNoChangeAndAMissingSettingIsOne() {
        final var current = JsonNodeFactory.instance.objectNode();
        current.putArray("tags").add("b").add("a");
        current.put("connection_id", "c-1");
        final var desired = new NumberSettings(Map.of("tags", List.of("a", "b"), "connection_id", "c-2",
                "cnam_listing_enabled", true));
        assertThat(Configurations.changes(desired, current::get))
                .containsExactlyInAnyOrder("connection_id", "cnam_listing_enabled");
    }

    private static BuyAndConfigure.Step step(final Outcome outcome) {
        return new BuyAndConfigure.Step("pn-1", "+12025550123", outcome);
    }
}
