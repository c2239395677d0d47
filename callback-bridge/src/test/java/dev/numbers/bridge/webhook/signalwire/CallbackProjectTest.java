package dev.numbers.bridge.webhook.signalwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallbackProjectTest {

    private static String of(final String body) {
        return CallbackProject.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTopLevelProjectIdWhereverItStands() {
        assertThat(of("{\"project_id\":\"p-1\",\"state\":\"processed\"}")).isEqualTo("p-1");
        assertThat(of("{\"nested\":{\"project_id\":\"p-0\"},\"list\":[1,{\"a\":2}],\"project_id\":\"p-2\"}"))
                .isEqualTo("p-2");
    }

    @Test
    void namesNoProjectForBodiesThatAreNotObjectsOrLackAStringProjectId() {
        assertThat(of("not json")).isNull();
        assertThat(of("[\"project_id\",\"p-1\"]")).isNull();
        assertThat(of("{\"nested\":{\"project_id\":\"p-0\"}}")).isNull();
        assertThat(of("{\"project_id\":42}")).isNull();
        assertThat(of("{\"project_id\":\"p-1\"")).isNull();
    }

    @Test
    void refusesABodyThatNamesTwoProjects() {
        assertThatThrownBy(() -> of("{\"project_id\":\"mine\",\"state\":\"x\",\"project_id\":\"theirs\"}"))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo(WebhookRejected.Reason.DUPLICATE_FIELD);
                });
    }
}
