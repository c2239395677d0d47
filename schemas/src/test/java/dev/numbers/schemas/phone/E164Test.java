package dev.numbers.schemas.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class E164Test {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"+15551234567", "+442071838750", "+12", "+123456789012345"})
    void acceptsAPlusACountryCodeAndAtMostFifteenDigits(final String number) {
        assertThat(E164.matches(number)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @NullSource
    @ValueSource(strings = {"", "15551234567", "+0123456789", "+1", "+1234567890123456", "+1 555 123 4567",
        "+1-555-123-4567", "+1555123456a", " +15551234567", "+15551234567\n"})
    void refusesAnythingElse(final String number) {
        assertThat(E164.matches(number)).isFalse();
    }
}
