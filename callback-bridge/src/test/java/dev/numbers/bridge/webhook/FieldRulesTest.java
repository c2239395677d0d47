package dev.numbers.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.webhook.WebhookRejected.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-29T07:00:00Z");

    private final FieldRules rules = new FieldRules(IntakeLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAnInstantWithOffsetAndGivesItBackAsAnInstant() {
        assertThat(rules.instant("event_at", "2026-11-29T08:30:00+01:00"))
                .isEqualTo(Instant.parse("2026-11-29T07:30:00Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "+999999999-12-31T23:59:59Z | TIMESTAMP_OUT_OF_RANGE",
        "-999999999-01-01T00:00:00Z | TIMESTAMP_OUT_OF_RANGE",
        "-0001-01-01T00:00:00Z      | TIMESTAMP_OUT_OF_RANGE",
        "1999-12-31T23:59:59Z       | TIMESTAMP_OUT_OF_RANGE",
        "2026-11-29T08:00:01Z       | TIMESTAMP_OUT_OF_RANGE",
        "2026-11-29T12:00:00        | BAD_TIMESTAMP",
        "yesterday                  | BAD_TIMESTAMP",
        "2026-02-30T00:00:00Z       | BAD_TIMESTAMP"})
    void refusesTimestampsTheTopologyCannotHoldOrOrder(final String value, final Reason reason) {
        assertThatThrownBy(() -> rules.instant("event_at", value))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessageContaining("event_at");
    }

    @Test
    void refusesAHugeTimestampWithoutParsingIt() {
        assertThatThrownBy(() -> rules.instant("event_at", "2026-11-29T07:00:00." + "0".repeat(10_000) + "Z"))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.BAD_TIMESTAMP));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {"'' | BAD_ID", "a b | BAD_ID", "o1\"; | BAD_ID", "é | BAD_ID"})
    void refusesIdsThatAreNotTokens(final String value, final Reason reason) {
        assertThatThrownBy(() -> rules.id("number_assignment_id", value))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining("number_assignment_id");
    }

    @Test
    void refusesAnIdLongerThanTheLimitNamingTheLimit() {
        assertThat(rules.id("brand_id", "b".repeat(128))).hasSize(128);
        assertThatThrownBy(() -> rules.id("brand_id", "b".repeat(129)))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG))
                .hasMessage("field brand_id is longer than 128 characters");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"15551234567", "+1 555 123 4567", "+0123456789", "+1555", "+1234567890123456", "+1-555-123-4567"})
    void refusesNumbersThatAreNotE164(final String value) {
        assertThatThrownBy(() -> rules.phoneNumber("phone_number", value))
                .isInstanceOfSatisfying(WebhookRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PHONE_NUMBER));
    }

    @Test
    void acceptsAnE164Number() {
        assertThat(rules.phoneNumber("phone_number", "+15551234567")).isEqualTo("+15551234567");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"''", "Completed", "DROP TABLE", "a;b"})
    void refusesStatesThatAreNotLowercaseWords(final String value) {
        assertThatThrownBy(() -> rules.word("state", value))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_STATE));
    }

    @Test
    void keepsAStateTheSpecDoesNotListYet() {
        // the spec leaves states open ("possible values depend on the object type"): a new word is a provider change
        assertThat(rules.word("state", "in_review")).isEqualTo("in_review");
    }
}
