package dev.numbers.bridge.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
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
    public HttpResponse<byte[]> signalwire(final HttpRequest<?> request,
            @Body @Nullable final byte[] body) {
        return answer(intake.signalwire(pathAndQuery(request), body == null ? new byte[0] : body, headers(request)));
    }

    @Post(uri = "/telnyx", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> telnyx(final HttpRequest<?> request,
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

    private static HttpResponse<byte[]> answer(final WebhookIntake.Outcome outcome) {
        return switch (outcome) {
            case WebhookIntake.Outcome.Accepted a -> HttpResponse.ok(json(Map.of("status", "accepted",
                    "object_id", a.objectId())));
            case WebhookIntake.Outcome.Refused r -> HttpResponse.<byte[]>status(HttpStatus.valueOf(r.status()))
                    .body(json(Map.of("error", r.message())));
            case WebhookIntake.Outcome.Unavailable u -> HttpResponse.<byte[]>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "5")
                    .body(json(Map.of("error", u.message())));
        };
    }

    /**
     * The answer as JSON bytes, written here rather than by Micronaut's body writer: that one creates a Jackson
     * generator with fresh buffers on every request's virtual thread, which a JFR profile of the bridge benchmark put
     * at about a seventh of the request thread's CPU.
     */
    private static byte[] json(final Map<String, String> answer) {
        try {
            return VirtualThreadJson.MAPPER.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            // a map of strings always serializes; this would be a Jackson bug
            throw new IllegalStateException("cannot write the webhook answer as JSON", e);
        }
    }
}
