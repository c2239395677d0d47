package dev.numbers.bridge.confirm;

import dev.numbers.schemas.provider.TelnyxNumberOrderWebhook;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Telnyx: {@code GET /number_orders/{id}}; a completed order is written as a {@code number_order.complete} event
 * ({@link TelnyxNumberOrderWebhook}) carrying the order as read, its id marked {@code poll-}.
 */
final class TelnyxPoll implements ProviderPoll {

    private final PollerConfig.Telnyx config;
    private final PollAnswers answers;

    TelnyxPoll(final PollerConfig.Telnyx config, final PollAnswers answers) {
        this.config = config;
        this.answers = answers;
    }

    @Override
    public Result poll(final PendingOrders.Pending order, final Instant now)
            throws IOException, InterruptedException, UnmappableAnswer {
        final var url = PollAnswers.trim(config.baseUrl()) + "/number_orders/" + PollAnswers.encode(order.orderId());
        final var answer = answers.get(url, "Bearer " + config.apiKey());
        final var data = answer.root().path("data");
        final var status = answer.text(data, "status");
        if (status == null || "pending".equals(status) || status.equals(order.state())) {
            return new Result(status, List.of());
        }
        final var event = new TelnyxNumberOrderWebhook("poll-" + UUID.randomUUID(), now, data);
        return new Result(status, List.of(new Finding(order.orderId(), url, event.toJson(null))));
    }
}
