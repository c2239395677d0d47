package dev.numbers.bridge.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers' webhook endpoints; everything but HTTP lives in {@link WebhookIntake}. The body is nullable so that
 * an empty one reaches the intake and gets its 400 and its count like any other bad body.
 */
@Controller("/webhooks")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class WebhookController {

    /** Kept with the raw record; Authorization and cookies never are. */
    private static final List<String> HEADERS_OF_INTEREST = List.of("content-type", "x-signalwire-signature",
            "telnyx-signature-ed25519", "telnyx-timestamp", "user-agent");

    private final WebhookIntake intake;

    public WebhookController(final WebhookIntake intake) {
        this.intake = intake;
    }

    @Post(uri = "/signalwire/10dlc", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, String>> signalwire(final HttpRequest<?> request,
            @Body @Nullable final byte[] body) {
        return answer(intake.signalwire(pathAndQuery(request), body == null ? new byte[0] : body, headers(request)));
    }

    @Post(uri = "/telnyx", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, String>> telnyx(final HttpRequest<?> request,
            @Body @Nullable final byte[] body) {
        return answer(intake.telnyx(pathAndQuery(request), body == null ? new byte[0] : body, headers(request)));
    }

    private static String pathAndQuery(final HttpRequest<?> request) {
        final var query = request.getUri().getRawQuery();
        return request.getPath() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static Map<String, String> headers(final HttpRequest<?> request) {
        // five lookups (case-insensitive) instead of walking and copying every header the request carries
        final var kept = new HashMap<String, String>();
        for (final var name : HEADERS_OF_INTEREST) {
            final var value = request.getHeaders().get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    private static HttpResponse<Map<String, String>> answer(final WebhookIntake.Outcome outcome) {
        return switch (outcome) {
            case WebhookIntake.Outcome.Accepted a -> HttpResponse.ok(Map.of("status", "accepted", "object_id", a.objectId()));
            case WebhookIntake.Outcome.Refused r -> HttpResponse.<Map<String, String>>status(HttpStatus.valueOf(r.status()))
                    .body(Map.of("error", r.message()));
            case WebhookIntake.Outcome.Unavailable u -> HttpResponse.<Map<String, String>>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "5")
                    .body(Map.of("error", u.message()));
        };
    }
}
