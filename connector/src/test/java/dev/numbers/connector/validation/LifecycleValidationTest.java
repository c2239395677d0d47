package dev.numbers.connector.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.operation.Operation;
import dev.numbers.schemas.avro.ProviderError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the lifecycle operations refuse before any provider call: a release's target and a search's criteria. */
class LifecycleValidationTest {

    private static final String UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private final RequestValidator validator = new RequestValidator();

    @Test
    void aReleaseNamesExactlyOneOfNumberAndId() {
        assertThat(validator.problems(new Operation.ReleasePhoneNumber("+14155550100", null))).isEmpty();
        assertThat(validator.problems(new Operation.ReleasePhoneNumber(null, UUID))).isEmpty();
        assertThat(codes(validator.problems(new Operation.ReleasePhoneNumber("+14155550100", UUID))))
                .containsExactly("ambiguous_target");
        assertThat(codes(validator.problems(new Operation.ReleasePhoneNumber(null, null))))
                .containsExactly("ambiguous_target");
        assertThat(codes(validator.problems(new Operation.ReleasePhoneNumber(null, "../../registry"))))
                .as("an id goes into a URL path").containsExactly("invalid_uuid");
        assertThat(codes(validator.problems(new Operation.DeletePhoneNumber(null, "1293384261075731499")))).isEmpty();
        assertThat(codes(validator.problems(new Operation.DeletePhoneNumber(null, "12/../x"))))
                .containsExactly("invalid_id");
    }

    @Test
    void anAssignmentDeletionNamesTheIdOrTheCampaignAndNumber() {
        assertThat(validator.problems(new Operation.DeleteNumberAssignment(UUID, null, null))).isEmpty();
        assertThat(validator.problems(new Operation.DeleteNumberAssignment(null, UUID, "+14155550100"))).isEmpty();
        assertThat(codes(validator.problems(new Operation.DeleteNumberAssignment(UUID, UUID, "+14155550100"))))
                .containsExactly("ambiguous_target");
        assertThat(codes(validator.problems(new Operation.DeleteNumberAssignment(null, UUID, null))))
                .containsExactly("invalid_e164");
    }

    @Test
    void searchCriteriaAreCheckedAsTheProviderWould() {
        assertThat(validator.problems(search("415", null, null, "7000", 3))).isEmpty();
        assertThat(codes(validator.problems(search("41", null, null, null, 3)))).containsExactly("invalid_criteria");
        assertThat(codes(validator.problems(search("415", "12", null, null, 3)))).containsExactly("invalid_criteria");
        assertThat(codes(validator.problems(search("415", "123", null, "7000", 3))))
                .containsExactly("invalid_criteria");
        assertThat(codes(validator.problems(search("415", null, null, null, 0)))).containsExactly("invalid_criteria");
        assertThat(codes(validator.problems(search("415", null, null, null, 11)))).containsExactly("invalid_criteria");
        assertThat(codes(validator.problems(new Operation.SearchAndOrder("646", "mobile", null, null, null, null, null,
                3)))).containsExactly("invalid_criteria");
    }

    private static Operation.SearchAndPurchase search(final String areacode, final String startsWith,
                                                      final String contains, final String endsWith, final int max) {
        return new Operation.SearchAndPurchase(areacode, null, startsWith, contains, endsWith, null, null, max);
    }

    private static List<String> codes(final List<ProviderError> problems) {
        return problems.stream().map(e -> e.getCode().toString()).toList();
    }
}
