package dev.numbers.sandbox.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Telnyx has no spec file here, only seed 003 (the documented create-number-order request and response). The
 * simulator's answer must carry every field of that documented response with the same JSON type, so a client
 * written against the seed parses the simulator's answers.
 */
class TelnyxSeedShapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEED_REQUEST = """
            {"phone_numbers":[{"phone_number":"+19705555098","bundle_id":"bc8e4d67-33a0-4cbb-af74-7b58f05bd494"}],
             "connection_id":"346789098765567","messaging_profile_id":"abc85f64-5717-4562-b3fc-2c9600",
             "billing_group_id":"abc85f64-5717-4562-b3fc-2c9600","customer_reference":"MY REF 001"}""";

    private static ProviderSimulator sim;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void createNumberOrderAnswersEveryFieldOfTheSeedResponseWithTheSameType() throws Exception {
        final HttpResponse<String> r = post("/number_orders", SEED_REQUEST, "Bearer " + sim.config().telnyxApiKey());
        assertThat(r.statusCode()).isEqualTo(200);
        final JsonNode answer = JSON.readTree(r.body());

        assertThat(shapeDifferences("", seedResponse(), answer)).isEmpty();
        assertThat(answer.at("/data/customer_reference").asText()).isEqualTo("MY REF 001");
        assertThat(answer.at("/data/phone_numbers/0/phone_number").asText()).isEqualTo("+19705555098");
        assertThat(answer.at("/data/created_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    }

    @Test
    void theShapeComparisonNoticesAMissingOrRetypedField() throws Exception {
        final JsonNode seed = seedResponse();
        final JsonNode altered = seed.deepCopy();
        ((ObjectNode) altered.get("data")).remove("customer_reference");
        ((ObjectNode) altered.get("data")).put("phone_numbers_count", "1");
        assertThat(shapeDifferences("", seed, altered)).hasSize(2);
    }

    @Test
    void wrongKeyAnswersTelnyxsErrorEnvelope() throws Exception {
        final HttpResponse<String> r = post("/number_orders", SEED_REQUEST, "Bearer not-the-key");
        assertThat(r.statusCode()).isEqualTo(401);
        final JsonNode error = JSON.readTree(r.body()).at("/errors/0");
        assertThat(error.path("code").isTextual()).isTrue();
        assertThat(error.path("title").isTextual()).isTrue();
        assertThat(error.path("detail").isTextual()).isTrue();
        assertThat(error.path("source").isObject()).isTrue();
    }

    /** Fields of {@code expected} that {@code actual} lacks or carries with another JSON type (arrays: first item). */
    private static List<String> shapeDifferences(String at, JsonNode expected, JsonNode actual) {
        final List<String> differences = new ArrayList<>();
        if (actual == null || actual.isMissingNode()) {
            differences.add(at + " is missing");
        } else if (expected.getNodeType() != actual.getNodeType()) {
            differences.add(at + " is " + actual.getNodeType() + ", the seed has " + expected.getNodeType());
        } else if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = it.next();
                differences.addAll(shapeDifferences(at + "/" + field.getKey(), field.getValue(),
                        actual.get(field.getKey())));
            }
        } else if (expected.isArray() && !expected.isEmpty() && !actual.isEmpty()) {
            differences.addAll(shapeDifferences(at + "/0", expected.get(0), actual.get(0)));
        }
        return differences;
    }

    private static JsonNode seedResponse() throws IOException {
        try (InputStream in = TelnyxSeedShapeIT.class.getResourceAsStream("telnyx-number-order.seed.json")) {
            return JSON.readTree(in);
        }
    }

    private static HttpResponse<String> post(String path, String body, String authorization)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(sim.telnyxBaseUrl() + path))
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
