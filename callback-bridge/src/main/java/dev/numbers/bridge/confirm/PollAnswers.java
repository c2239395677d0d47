package dev.numbers.bridge.confirm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * GETs a provider resource for a poll and reads the answer defensively: only 200 counts, at most
 * {@code maxAnswerBytes} are read, and anything but a JSON object is {@link UnmappableAnswer} (dead-lettered).
 */
final class PollAnswers {

    /** One 200 answer: where it came from and its bytes, kept for the dead letter if mapping it fails. */
    record Answer(String url, byte[] body, JsonNode root) {

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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final int maxAnswerBytes;

    PollAnswers(final int maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
    }

    Answer get(final String url, final String authorization)
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
            final var body = in.readNBytes(maxAnswerBytes + 1);
            if (body.length > maxAnswerBytes) {
                throw new UnmappableAnswer(url, Arrays.copyOf(body, maxAnswerBytes),
                        "answer larger than " + maxAnswerBytes + " bytes");
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

    static String trim(final String base) {
        return base.replaceAll("/+$", "");
    }

    static String encode(final String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
