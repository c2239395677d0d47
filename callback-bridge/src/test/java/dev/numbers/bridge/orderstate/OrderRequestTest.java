package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class OrderRequestTest {

    private final Serde<OrderRequest> serde = OrderRequest.serde();

    @Test
    void keepsTheRequestIdAndItsTrace() {
        final var request = new OrderRequest("req-1", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", request)))
                .isEqualTo(request);
    }

    @Test
    void readsAnEntryWrittenBeforeTracesWereKeptAsTheBareRequestId() {
        assertThat(serde.deserializer().deserialize("t", "req-old".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new OrderRequest("req-old", null));
    }
}
