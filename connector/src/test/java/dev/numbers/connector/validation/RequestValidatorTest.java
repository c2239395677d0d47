package dev.numbers.connector.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.connector.operation.Operation;
import dev.numbers.schemas.avro.ProviderError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    private final RequestValidator validator = new RequestValidator();
    private static final String CAMPAIGN = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

    @Test
    void acceptsAValidPurchase() {
        assertThat(validator.problems(new Operation.PurchasePhoneNumber("+12025550123"))).isEmpty();
    }

    @Test
    void rejectsNumberWithoutPlusNamingTheField() {
        assertThat(fields(validator.problems(new Operation.PurchasePhoneNumber("12025550123"))))
                .containsExactly("operation.number");
    }

    @Test
    void rejectsNumberThatIsNotValidForItsCountry() {
        assertThat(validator.problems(new Operation.PurchasePhoneNumber("+1000")))
                .extracting(ProviderError::getCode).containsExactly("invalid_e164");
    }

    @Test
    void rejectsCampaignIdThatIsNotAUuid() {
        assertThat(fields(validator.problems(new Operation.ListAssignmentOrders("campaign-1", null))))
                .containsExactly("operation.campaign_id");
    }

    @Test
    void rejectsEmptyAssignmentOrder() {
        assertThat(validator.problems(new Operation.CreateAssignmentOrder(CAMPAIGN, List.of(), null)))
                .extracting(ProviderError::getCode).containsExactly("empty_list");
    }

    @Test
    void namesTheIndexOfTheBadNumberInAList() {
        final var order = new Operation.NumberOrder(List.of(
                new Operation.OrderedNumber("+12025550123", null, null),
                new Operation.OrderedNumber("+1202555", null, null)), null, null, null, null);
        assertThat(fields(validator.problems(order))).containsExactly("operation.phone_numbers[1]");
    }

    private static List<String> fields(final List<ProviderError> errors) {
        return errors.stream().map(ProviderError::getField).toList();
    }

    @Test
    void acceptsABuyAndConfigureWithSpecHandlersAndWebUrls() {
        assertThat(validator.problems(new Operation.PurchasePhoneNumber("+12025550123", new NumberSettings(
                Map.of("call_handler", "laml_webhooks", "call_request_url", "https://voice.example/in",
                        "call_request_method", "POST"))))).isEmpty();
    }

    @Test
    void rejectsAConfigurationAProviderWouldRefuseNamingEachField() {
        final var settings = new NumberSettings(new LinkedHashMap<>(Map.of(
                "call_handler", "relay_everywhere", "call_request_url", "ftp://files.example/x",
                "message_request_method", "PUT", "name", " ")));
        assertThat(fields(validator.problems(new Operation.ConfigurePhoneNumber("+12025550123", null, settings))))
                .containsExactlyInAnyOrder("operation.configuration.call_handler",
                        "operation.configuration.call_request_url", "operation.configuration.message_request_method",
                        "operation.configuration.name");
    }

    @Test
    void rejectsAConfigureRequestThatAsksForNothing() {
        assertThat(validator.problems(new Operation.TelnyxConfigure(null, "1293384261075731499",
                NumberSettings.none()))).extracting(ProviderError::getCode).containsExactly("empty_configuration");
    }

    @Test
    void rejectsACnamNameLongerThanTelnyxAllows() {
        assertThat(fields(validator.problems(new Operation.TelnyxConfigure("+12025550123", null,
                new NumberSettings(Map.of("cnam_listing_details", "C".repeat(16)))))))
                .containsExactly("operation.configuration.cnam_listing_details");
    }
}
