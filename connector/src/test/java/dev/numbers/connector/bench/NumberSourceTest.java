package dev.numbers.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class NumberSourceTest {

    @Test
    void givesDistinctNumbersTheConnectorAccepts() throws Exception {
        final var source = new NumberSource();
        final var util = PhoneNumberUtil.getInstance();
        final var seen = new HashSet<String>();
        for (int i = 0; i < 20_000; i++) {
            final var number = source.next();
            assertThat(seen.add(number)).as("distinct: %s", number).isTrue();
            assertThat(util.isValidNumber(util.parse(number, null))).as("valid: %s", number).isTrue();
        }
    }
}
