package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetteredAnswersTest {

    private static byte[] body(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameBodyForTheSameOrderIsNewOnlyTheFirstTime() {
        final var answers = new DeadLetteredAnswers();

        assertThat(answers.isNew("order-1", body("{\"state\":7}"))).isTrue();
        assertThat(answers.isNew("order-1", body("{\"state\":7}"))).isFalse();
        assertThat(answers.isNew("order-2", body("{\"state\":7}"))).as("another order").isTrue();
    }

    @Test
    void aChangedBodyIsNewAgainAndSoIsTheFirstOneAfterIt() {
        final var answers = new DeadLetteredAnswers();
        answers.isNew("order-1", body("a"));

        assertThat(answers.isNew("order-1", body("b"))).isTrue();
        assertThat(answers.isNew("order-1", body("a"))).as("only the last one is remembered").isTrue();
        assertThat(answers.isNew("order-1", null)).isTrue();
        assertThat(answers.isNew("order-1", null)).isFalse();
    }

    @Test
    void pastTheBoundTheOrderRememberedLongestAgoIsForgotten() {
        final var answers = new DeadLetteredAnswers();
        answers.isNew("first", body("x"));
        for (int i = 0; i < DeadLetteredAnswers.MAX_ORDERS; i++) {
            answers.isNew("order-" + i, body("x"));
        }

        assertThat(answers.isNew("first", body("x"))).isTrue();
        assertThat(answers.isNew("order-" + (DeadLetteredAnswers.MAX_ORDERS - 1), body("x"))).isFalse();
    }
}
