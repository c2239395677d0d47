package dev.numbers.bridge.confirm;

import dev.numbers.schemas.provider.TenDlcStatusCallback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;

/**
 * SignalWire: {@code GET /registry/beta/orders/{id}} for the order, and {@code GET
 * /registry/beta/campaigns/{id}/numbers}
 * for the assignments already known from callbacks (an assignment does not name its order, so unknown ones cannot be
 * attributed). Findings are 10DLC status callbacks ({@link TenDlcStatusCallback}).
 */
final class SignalWirePoll implements ProviderPoll {

    private final PollerConfig.SignalWire config;
    private final PollAnswers answers;

    SignalWirePoll(final PollerConfig.SignalWire config, final PollAnswers answers) {
        this.config = config;
        this.answers = answers;
    }

    @Override
    public Result poll(final PendingOrders.Pending order, final Instant now)
            throws IOException, InterruptedException, UnmappableAnswer {
        final var base = PollAnswers.trim(config.baseUrl());
        final var auth = "Basic " + Base64.getEncoder().encodeToString(
                (config.projectId() + ":" + config.token()).getBytes(StandardCharsets.UTF_8));
        // the order was read with the configured project's credentials, so it belongs to that project
        final var project = order.projectId() != null ? order.projectId() : config.projectId();
        // SignalWire's API gives no way from an order to its brand (OrderResponse names no campaign, CampaignResponse
        // no brand), and the bridge learns campaign and brand only together from callbacks: an order never called
        // back has no known brand, and a made-up value would be worse than none. The topology accepts a poll's record
        // without brand_id and emits brand_id = null.
        final var findings = new ArrayList<Finding>();
        final var orderUrl = base + "/registry/beta/orders/" + PollAnswers.encode(order.orderId());
        final var found = answers.get(orderUrl, auth);
        final var state = found.text(found.root(), "state");
        if ("processed".equals(state) && !state.equals(order.state())) {
            findings.add(new Finding(order.orderId(), orderUrl, TenDlcStatusCallback.orderProcessed(project, now,
                    order.brandId(), order.campaignId(), order.orderId()).toJson()));
        }
        if (order.campaignId() != null && !order.assignments().isEmpty()) {
            final var numbersUrl = base + "/registry/beta/campaigns/" + PollAnswers.encode(order.campaignId())
                    + "/numbers";
            final var page = answers.get(numbersUrl, auth);
            for (final var assignment : page.root().path("data")) {
                final var id = page.text(assignment, "id");
                final var known = order.assignments().get(id);
                final var reported = page.text(assignment, "state");
                if (known != null && reported != null && !reported.equals(known.state())) {
                    findings.add(new Finding(id, numbersUrl, TenDlcStatusCallback.assignment(project, now, reported,
                            order.brandId(), order.campaignId(), order.orderId(), id, known.phoneNumberId(),
                            known.phoneNumber()).toJson()));
                }
            }
        }
        return new Result(state, findings);
    }
}
