package dev.numbers.bridge.confirm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.schemas.avro.Provider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Asks the provider what became of a pending order and writes each state it did not report yet in the provider's own
 * callback shape, so the topology reads a poll exactly like a webhook (the raw record is marked as a poll).
 *
 * <p>SignalWire: {@code GET /registry/beta/orders/{id}} for the order, and {@code GET
 * /registry/beta/campaigns/{id}/numbers}
 * for the assignments already known from callbacks (an assignment does not name its order, so unknown ones cannot be
 * attributed). Telnyx: {@code GET /number_orders/{id}}.
 */
final class ProviderPoll {

    /** A state the provider reports that the bridge has not seen: the raw record to write. */
    record Finding(String objectId, String url, String body) {
    }

    /** The order's state as the provider reports it (null when it could not be read) and what to write. */
    record Result(String orderState, List<Finding> findings) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final PollerConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** One 200 answer: where it came from and its bytes, kept for the dead letter if mapping it fails. */
    private record Answer(String url, byte[] body, JsonNode root) {

        String text(final JsonNode node, final String field) throws UnmappableAnswer {
            final var value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                // anything but a string or absence means the answer cannot be trusted
                throw new UnmappableAnswer(url, body, "field " + field + " of the answer is not a string");
            }
            return value.asText();
        }
    }

    ProviderPoll(final PollerConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    boolean canPoll(final Provider provider) {
        return provider == Provider.TELNYX
                ? config.telnyxBaseUrl() != null && config.telnyxApiKey() != null
                : config.signalwireBaseUrl() != null && config.signalwireProjectId() != null
                        && config.signalwireToken() != null;
    }

    Result poll(final PendingOrders.Pending order, final Instant now)
            throws IOException, InterruptedException, UnmappableAnswer {
        return order.provider() == Provider.TELNYX ? telnyx(order, now) : signalwire(order, now);
    }

    private Result signalwire(final PendingOrders.Pending order, final Instant now)
            throws IOException, InterruptedException, UnmappableAnswer {
        final var base = trim(config.signalwireBaseUrl());
        final var auth = "Basic " + Base64.getEncoder().encodeToString(
                (config.signalwireProjectId() + ":" + config.signalwireToken()).getBytes(StandardCharsets.UTF_8));
        final var findings = new ArrayList<Finding>();
        final var orderUrl = base + "/registry/beta/orders/" + encode(order.orderId());
        final var found = get(orderUrl, auth);
        final var state = found.text(found.root(), "state");
        if ("processed".equals(state) && !state.equals(order.state())) {
            findings.add(new Finding(order.orderId(), orderUrl,
                    tenDlc(order, now, "number_assignment_order", "number_assignment_order_processed", state, null)));
        }
        if (order.campaignId() != null && !order.assignments().isEmpty()) {
            final var numbersUrl = base + "/registry/beta/campaigns/" + encode(order.campaignId()) + "/numbers";
            final var page = get(numbersUrl, auth);
            for (final JsonNode assignment : page.root().path("data")) {
                final var id = page.text(assignment, "id");
                final var known = order.assignments().get(id);
                final var now2 = page.text(assignment, "state");
                if (known != null && now2 != null && !now2.equals(known.state())) {
                    findings.add(new Finding(id, numbersUrl, tenDlc(order, now, "number_assignment",
                            assignmentEvent(now2), now2, Map.entry(id, known))));
                }
            }
        }
        return new Result(state, findings);
    }

    private Result telnyx(final PendingOrders.Pending order, final Instant now)
            throws IOException, InterruptedException, UnmappableAnswer {
        final var url = trim(config.telnyxBaseUrl()) + "/number_orders/" + encode(order.orderId());
        final var answer = get(url, "Bearer " + config.telnyxApiKey());
        final var data = answer.root().path("data");
        final var status = answer.text(data, "status");
        if (status == null || "pending".equals(status) || status.equals(order.state())) {
            return new Result(status, List.of());
        }
        final var envelope = Map.of("data", Map.of(
                "record_type", "event",
                "id", "poll-" + UUID.randomUUID(),
                "event_type", "number_order.complete",
                "occurred_at", TIME.format(now),
                "payload", data));
        return new Result(status, List.of(new Finding(order.orderId(), url, json.writeValueAsString(envelope))));
    }

    private String tenDlc(final PendingOrders.Pending order, final Instant now, final String category,
            final String eventType, final String state, final Map.Entry<String, PendingOrders.Assignment> assignment)
            throws IOException {
        final var body = new LinkedHashMap<String, Object>();
        // the order was read with the configured project's credentials, so it belongs to that project
        body.put("project_id", order.projectId() != null ? order.projectId() : config.signalwireProjectId());
        body.put("event_at", TIME.format(now));
        body.put("event_category", category);
        body.put("event_type", eventType);
        body.put("state", state);
        // SignalWire's API gives no way from an order to its brand (OrderResponse names no campaign, CampaignResponse
        // no brand), and the bridge learns campaign and brand only together from callbacks: an order never called
        // back has no known brand, and a made-up value would be worse than none. The topology accepts a poll's record
        // without brand_id and emits brand_id = null.
        if (order.brandId() != null) {
            body.put("brand_id", order.brandId());
        }
        if (order.campaignId() != null) {
            body.put("campaign_id", order.campaignId());
        }
        body.put("number_assignment_order_id", order.orderId());
        if (assignment != null) {
            body.put("number_assignment_id", assignment.getKey());
            if (assignment.getValue().phoneNumberId() != null) {
                body.put("phone_number_id", assignment.getValue().phoneNumberId());
            }
            if (assignment.getValue().phoneNumber() != null) {
                body.put("phone_number", assignment.getValue().phoneNumber());
            }
        }
        return json.writeValueAsString(body);
    }

    private static String assignmentEvent(final String state) {
        return switch (state) {
            case "failed" -> "number_assignment_failed";
            case "pending" -> "number_assignment_pending";
            default -> "number_assignment_activated";
        };
    }

    private Answer get(final String url, final String authorization)
            throws IOException, InterruptedException, UnmappableAnswer {
        final var response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (var in = response.body()) {
            if (response.statusCode() != 200) {
                // the URL is safe to show; the credentials are only in the header
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
            // read one byte past the limit to know it was exceeded, never the whole of a huge answer
            final var body = in.readNBytes(config.maxAnswerBytes() + 1);
            if (body.length > config.maxAnswerBytes()) {
                throw new UnmappableAnswer(url, Arrays.copyOf(body, config.maxAnswerBytes()),
                        "answer larger than " + config.maxAnswerBytes() + " bytes");
            }
            final JsonNode root;
            try {
                root = json.readTree(body);
            } catch (JacksonException e) {
                throw new UnmappableAnswer(url, body, "answer is not valid JSON");
            }
            if (root == null || !root.isObject()) {
                throw new UnmappableAnswer(url, body, "answer is not a JSON object");
            }
            return new Answer(url, body, root);
        }
    }

    private static String trim(final String base) {
        return base.replaceAll("/+$", "");
    }

    private static String encode(final String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
