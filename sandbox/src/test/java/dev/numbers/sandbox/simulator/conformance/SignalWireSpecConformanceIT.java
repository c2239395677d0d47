package dev.numbers.sandbox.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every SignalWire answer the simulator gives, success and 4xx alike, validated against
 * signalwire-numbers.openapi.yaml; and requests the spec rejects get one of the errors the spec documents for them.
 */
class SignalWireSpecConformanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract SPEC = new OpenApiContract();
    private static final String CAMPAIGN = UUID.randomUUID().toString();
    private static final AtomicInteger NEXT_NUMBER = new AtomicInteger(1000);

    private static ProviderSimulator sim;
    private static HttpClient http;

    record Exchange(OpenApiContract.Operation operation, int status, JsonNode body, String rawBody) {
    }

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(20)));
        sim.registerCampaign(CAMPAIGN);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void purchaseAnswersAPhoneNumberResponse() throws Exception {
        final String number = freshNumber();
        final Exchange r = call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}");
        assertThat(r.status()).isEqualTo(200);
        assertConforms(r);
        assertThat(r.body().path("number").asText()).isEqualTo(number);
        // The oracle must be strict enough to notice one undocumented field (unevaluatedProperties in 3.1).
        final JsonNode withExtra = r.body().deepCopy();
        ((ObjectNode) withExtra).put("surprise", true);
        assertThat(SPEC.responseViolations(r.operation(), 200, withExtra)).isNotEmpty();
    }

    @Test
    void updateAnswersAPhoneNumberResponseWithTheSettingsWritten() throws Exception {
        final String number = freshNumber();
        final String id = call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}").body().path("id").asText();
        final Exchange r = call("PUT", "/phone_numbers/" + id, "{\"name\":\"Support\",\"call_handler\":"
                + "\"relay_topic\",\"call_relay_topic\":\"office\",\"message_relay_application\":\"sms-app\"}");
        assertThat(r.status()).isEqualTo(200);
        assertConforms(r);
        assertThat(r.body().path("call_relay_topic").asText()).isEqualTo("office");
    }

    @Test
    void listingByFilterNumberAnswersAPhoneNumberListResponseWithTheExactMatch() throws Exception {
        final String number = freshNumber();
        call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}");
        final Exchange r = call("GET", "/phone_numbers?filter_number=" + enc(number), null);
        assertThat(r.status()).isEqualTo(200);
        assertConforms(r);
        assertThat(r.body().path("data")).hasSize(1);
        assertThat(r.body().at("/data/0/number").asText()).isEqualTo(number);
    }

    @Test
    void pagedListingLinksToTheNextAndPreviousPagesWithinTheSchema() throws Exception {
        for (int i = 0; i < 3; i++) {
            call("POST", "/phone_numbers", "{\"number\":\"" + freshNumber() + "\"}");
        }
        final Exchange first = call("GET", "/phone_numbers?page_size=2", null);
        assertConforms(first);
        assertThat(first.body().at("/links/next").isTextual()).isTrue();
        final Exchange second = call("GET", "/phone_numbers?page_size=2&page_number=1&page_token=1", null);
        assertConforms(second);
        assertThat(second.body().at("/links/prev").isTextual()).isTrue();
    }

    @Test
    void searchAnswersAvailablePhoneNumbers() throws Exception {
        final Exchange r = call("GET", "/phone_numbers/search?areacode=720&max_results=5", null);
        assertThat(r.status()).isEqualTo(200);
        assertConforms(r);
        assertThat(r.body().path("data")).isNotEmpty();
    }

    @Test
    void searchByTypeAndPatternAnswersAvailablePhoneNumbersThatMatch() throws Exception {
        final Exchange local = call("GET", "/phone_numbers/search?areacode=415&ends_with=0003&max_results=5", null);
        assertConforms(local);
        assertThat(local.body().path("data").findValuesAsText("number")).containsExactly("+14152000003");
        final Exchange tollFree = call("GET", "/phone_numbers/search?number_type=toll-free&max_results=3", null);
        assertConforms(tollFree);
        assertThat(tollFree.body().path("data").findValuesAsText("number"))
                .hasSize(3).allMatch(n -> n.startsWith("+1800"));
    }

    @Test
    void releaseAnswers204ThenTheSpecs404() throws Exception {
        final Exchange bought = call("POST", "/phone_numbers", "{\"number\":\"" + freshNumber() + "\"}");
        final String id = bought.body().path("id").asText();
        final Exchange released = call("DELETE", "/phone_numbers/" + id, null);
        assertThat(released.status()).isEqualTo(204);
        assertConforms(released);
        final Exchange again = call("DELETE", "/phone_numbers/" + id, null);
        assertThat(again.status()).isEqualTo(404);
        assertConforms(again);
    }

    @Test
    void deletingAnAssignmentAnswers204ThenTheSpecs404() throws Exception {
        final String number = freshNumber();
        call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}");
        call("POST", "/registry/beta/campaigns/" + CAMPAIGN + "/orders", "{\"phone_numbers\":[\"" + number + "\"]}");
        final Exchange listed = call("GET", "/registry/beta/campaigns/" + CAMPAIGN + "/numbers?page_size=1000", null);
        String assignmentId = null;
        for (JsonNode a : listed.body().path("data")) {
            if (a.path("phone_number").path("number").asText().equals(number)) {
                assignmentId = a.path("id").asText();
            }
        }
        assertThat(assignmentId).isNotNull();
        final Exchange deleted = call("DELETE", "/registry/beta/numbers/" + assignmentId, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertConforms(deleted);
        final Exchange again = call("DELETE", "/registry/beta/numbers/" + assignmentId, null);
        assertThat(again.status()).isEqualTo(404);
        assertConforms(again);
    }

    @Test
    void assignmentOrderAnswersConformInEveryStateOfItsLifeCycle() throws Exception {
        final Exchange created = call("POST", "/registry/beta/campaigns/" + CAMPAIGN + "/orders",
                "{\"phone_numbers\":[\"" + freshNumber() + "\"],\"status_callback_url\":\"http://127.0.0.1:9/cb\"}");
        assertThat(created.status()).isEqualTo(200);
        assertConforms(created);
        final String orderId = created.body().path("id").asText();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            final Exchange got = call("GET", "/registry/beta/orders/" + orderId, null);
            assertConforms(got);
            assertThat(got.body().path("state").asText()).isEqualTo("processed");
            assertThat(got.body().path("processed_at").isTextual()).isTrue();
        });
        final Exchange processed = call("GET",
                "/registry/beta/campaigns/" + CAMPAIGN + "/orders?filter_state=processed", null);
        assertConforms(processed);
        assertThat(processed.body().findValuesAsText("id")).contains(orderId);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            final Exchange numbers = call("GET",
                    "/registry/beta/campaigns/" + CAMPAIGN + "/numbers?filter_state=completed", null);
            assertConforms(numbers);
            assertThat(numbers.body().path("data")).isNotEmpty();
        });
    }

    @Test
    void buyingAnOwnedNumberAnswersTheSpecsValidationError() throws Exception {
        final String number = freshNumber();
        call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}");
        final Exchange again = call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}");
        assertThat(again.status()).isEqualTo(422);
        assertConforms(again);
    }

    @Test
    void buyingAnUnavailableNumberAnswersTheSpecsValidationError() throws Exception {
        final String number = freshNumber();
        sim.markUnavailable(number);
        final Exchange r = call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}");
        assertThat(r.status()).isEqualTo(422);
        assertConforms(r);
    }

    @Test
    void anInjected500AnswersTheSpecsInternalServerErrorBody() throws Exception {
        sim.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.errors(1.0, 500));
        try {
            final Exchange r = call("POST", "/phone_numbers", "{\"number\":\"" + freshNumber() + "\"}");
            assertThat(r.status()).isEqualTo(500);
            assertConforms(r);
        } finally {
            sim.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.NONE);
        }
    }

    @Test
    void anotherProjectSeesNoneOfThisProjectsNumbersAndGetsTheSpecs404ForThem() throws Exception {
        sim.accounts().signalWire("other", "00000000-othr-0000-0000-simulatorprj", "PTother-token");
        final String other = "Basic " + Base64.getEncoder().encodeToString(
                "00000000-othr-0000-0000-simulatorprj:PTother-token".getBytes(StandardCharsets.UTF_8));
        final String number = freshNumber();
        final Exchange bought = call("POST", "/phone_numbers", "{\"number\":\"" + number + "\"}");
        final Exchange listed = call("GET", "/phone_numbers?filter_number=" + enc(number), null, other);
        assertThat(listed.status()).isEqualTo(200);
        assertConforms(listed);
        assertThat(listed.body().path("data")).isEmpty();
        final Exchange released = call("DELETE", "/phone_numbers/" + bought.body().path("id").asText(), null, other);
        assertThat(released.status()).isEqualTo(404);
        assertConforms(released);
        assertThat(call("GET", "/phone_numbers?filter_number=" + enc(number), null).body().path("data")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /phone_numbers",
            "POST | /phone_numbers",
            "GET  | /phone_numbers/search",
            "GET  | /registry/beta/campaigns/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6" + "/orders",
            "POST | /registry/beta/campaigns/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6" + "/orders",
            "GET  | /registry/beta/campaigns/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6" + "/numbers",
            "GET  | /registry/beta/orders/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    })
    void wrongCredentialsAnswerTheSpecs401Body(String method, String path) throws Exception {
        final String wrong = "Basic " + Base64.getEncoder()
                .encodeToString("nobody:nothing".getBytes(StandardCharsets.UTF_8));
        final Exchange r = call(method, path, method.equals("POST") ? "{}" : null, wrong);
        assertThat(r.status()).isEqualTo(401);
        assertConforms(r);
        assertThat(r.rawBody()).isEqualTo("{\"error\":\"Unauthorized\"}");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /registry/beta/campaigns/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6" + "/orders",
            "POST | /registry/beta/campaigns/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6" + "/orders",
            "GET  | /registry/beta/campaigns/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6" + "/numbers",
            "GET  | /registry/beta/orders/" + "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    })
    void unknownCampaignsAndOrdersAnswerTheSpecs404Body(String method, String path) throws Exception {
        final Exchange r = call(method, path, method.equals("POST") ? "{\"phone_numbers\":[\"+15550000000\"]}" : null);
        assertThat(r.status()).isEqualTo(404);
        assertConforms(r);
        assertThat(r.rawBody()).isEqualTo("{\"error\":\"Not Found\"}");
    }

    /** Each row is a request the spec rejects; the simulator must answer one of the 4xx the spec documents for it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "purchase without a number       | POST | /phone_numbers | `{}`",
            "purchase with an unknown field  | POST | /phone_numbers | `{\"number\":\"+15550009999\",\"name\":\"x\"}`",
            "purchase with a numeric number  | POST | /phone_numbers | `{\"number\":15550009999}`",
            "purchase with a body not JSON   | POST | /phone_numbers | `number=+15550009999`",
            "purchase without a body         | POST | /phone_numbers | ``",
            "list with page_size 0           | GET  | /phone_numbers?page_size=0 | ``",
            "list with page_size over 1000   | GET  | /phone_numbers?page_size=1001 | ``",
            "list with a non-integer page    | GET  | /phone_numbers?page_number=abc | ``",
            "order with numbers not an array | POST | /registry/beta/campaigns/{campaign}/orders | `{\"phone_numbers\""
                    + ":\"+15550009999\"}`",
            "order with an unknown field     | POST | /registry/beta/campaigns/{campaign}/orders | `{\"phone_numbers\""
                    + ":[\"+15550009999\"],\"x\":1}`",
            "order with a non-string number  | POST | /registry/beta/campaigns/{campaign}/orders | `{\"phone_numbers\""
                    + ":[15550009999]}`",
            "order without a body            | POST | /registry/beta/campaigns/{campaign}/orders | ``",
            "order for a campaign id no uuid | POST | /registry/beta/campaigns/not-a-uuid/orders | `{\"phone_numbers\""
                    + ":[\"+15550009999\"]}`",
            "order by an id that is no uuid  | GET  | /registry/beta/orders/not-a-uuid | ``",
            "update with an unknown field    | PUT  | /phone_numbers/3fa85f64-5717-4562-b3fc-2c963f66afa6 | `{\"call_"
                    + "routing\":\"x\"}`",
            "update with a numeric name      | PUT  | /phone_numbers/3fa85f64-5717-4562-b3fc-2c963f66afa6 | `{\"name\""
                    + ":5}`",
            "update with an unknown handler  | PUT  | /phone_numbers/3fa85f64-5717-4562-b3fc-2c963f66afa6 | `{\"call_"
                    + "handler\":\"relay_everywhere\"}`",
            "update with the method PUT      | PUT  | /phone_numbers/3fa85f64-5717-4562-b3fc-2c963f66afa6 | `{\"call_"
                    + "request_method\":\"PUT\"}`",
    })
    void requestsTheSpecRejectsGetAnErrorTheSpecDocuments(String what, String method, String pathTemplate, String body)
            throws Exception {
        final String path = pathTemplate.replace("{campaign}", CAMPAIGN);
        final String requestBody = body == null || body.isEmpty() ? null : body;
        final OpenApiContract.Operation op = SPEC.operation(method, fullPath(path));
        assertThat(SPEC.requestViolations(op, query(path), requestBody))
                .as("the premise: the spec rejects '%s'", what).isNotEmpty();

        final Exchange r = call(method, path, requestBody);
        assertThat(r.status()).as("status for '%s'", what).isBetween(400, 499);
        assertConforms(r);
    }

    @Test
    void theOracleAcceptsTheSpecsOwnExampleRequests() {
        // Proves the rejection table above is not vacuous: a well-formed request passes the same checks.
        final OpenApiContract.Operation purchase = SPEC.operation("POST", fullPath("/phone_numbers"));
        assertThat(SPEC.requestViolations(purchase, Map.of(), "{\"number\":\"+15558675309\"}")).isEmpty();
        final OpenApiContract.Operation order = SPEC.operation("POST",
                fullPath("/registry/beta/campaigns/" + CAMPAIGN + "/orders"));
        assertThat(SPEC.requestViolations(order, Map.of(),
                "{\"phone_numbers\":[\"+15558675309\"],\"status_callback_url\":\"https://example.com/cb\"}")).isEmpty();
    }

    @Test
    void theOracleRejectsAnUndocumentedStatus() {
        final OpenApiContract.Operation purchase = SPEC.operation("POST", fullPath("/phone_numbers"));
        assertThat(SPEC.responseViolations(purchase, 418, JSON.createObjectNode().put("error", "teapot")))
                .singleElement().asString().contains("not documented");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void assertConforms(Exchange r) {
        assertThat(SPEC.responseViolations(r.operation(), r.status(), r.body()))
                .as("%s %s answered %s %s", r.operation().method(), r.operation().template(), r.status(), r.rawBody())
                .isEmpty();
    }

    private static Exchange call(String method, String path, String body) throws IOException, InterruptedException {
        final var c = sim.config();
        return call(method, path, body, "Basic " + Base64.getEncoder().encodeToString(
                (c.signalWireProjectId() + ":" + c.signalWireToken()).getBytes(StandardCharsets.UTF_8)));
    }

    private static Exchange call(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(sim.signalWireBaseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        final JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        final String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return new Exchange(SPEC.operation(method, fullPath(pathOnly)), response.statusCode(), json, response.body());
    }

    private static String fullPath(String relative) {
        final String pathOnly = relative.contains("?") ? relative.substring(0, relative.indexOf('?')) : relative;
        return URI.create(sim.signalWireBaseUrl()).getPath() + pathOnly;
    }

    private static Map<String, String> query(String path) {
        final Map<String, String> query = new LinkedHashMap<>();
        if (path.contains("?")) {
            for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
                final String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static String freshNumber() {
        return "+1720555" + String.format("%04d", NEXT_NUMBER.getAndIncrement());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
