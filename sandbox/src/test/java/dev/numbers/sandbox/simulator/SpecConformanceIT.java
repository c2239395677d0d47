package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every response and 4xx error body the simulator gives validates against SignalWire's OpenAPI 3.1 file. */
class SpecConformanceIT {

    private static final String SPEC = "/simulator/signalwire-numbers.openapi.yaml";
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(SpecConformanceIT.class.getResource(SPEC).toString()).build();

    private static ProviderSimulator sim;
    private static SimClient client;
    private static final String CAMPAIGN = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(30)));
        sim.registerCampaign(CAMPAIGN);
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Calls the simulator and validates request and response against the spec. */
    private static ValidationReport exchange(String method, String pathAndQuery, String body, String auth) throws Exception {
        final var r = client.send(sim.signalWireBaseUrl() + pathAndQuery, method, body, auth, Duration.ofSeconds(5));
        final URI uri = URI.create("http://x/api/relay/rest" + pathAndQuery);
        final SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getRawPath())
                .withContentType("application/json");
        if (auth != null) {
            request.withAuthorization(auth);
        }
        if (body != null) {
            request.withBody(body);
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                final String[] kv = pair.split("=", 2);
                request.withQueryParam(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        final SimpleResponse response = SimpleResponse.Builder.status(r.status())
                .withContentType("application/json").withBody(r.raw().body()).build();
        return VALIDATOR.validate(request.build(), response);
    }

    private static void assertValid(ValidationReport report) {
        assertThat(report.getMessages()).as(report.toString()).isEmpty();
    }

    @Test
    void purchaseResponseIsAValidPhoneNumberResponse() throws Exception {
        assertValid(exchange("POST", "/phone_numbers", "{\"number\":\"+15550005001\"}", client.basic()));
    }

    @Test
    void alreadyOwned422IsAValidValidationError() throws Exception {
        client.sw("POST", "/phone_numbers", "{\"number\":\"+15550005002\"}");
        assertValid(exchange("POST", "/phone_numbers", "{\"number\":\"+15550005002\"}", client.basic()));
    }

    @Test
    void unauthorized401IsValid() throws Exception {
        assertValid(exchange("GET", "/phone_numbers", null, "Basic d3Jvbmc6d3Jvbmc="));
    }

    @Test
    void phoneNumberListIsValid() throws Exception {
        client.sw("POST", "/phone_numbers", "{\"number\":\"+15550005003\"}");
        assertValid(exchange("GET", "/phone_numbers?filter_number=%2B15550005003&page_size=1", null, client.basic()));
    }

    @Test
    void orderCreateGetListAndAssignmentsAreValid() throws Exception {
        final String path = "/registry/beta/campaigns/" + CAMPAIGN + "/orders";
        final String body = "{\"phone_numbers\":[\"+15550005004\"],\"status_callback_url\":\"http://127.0.0.1:1/cb\"}";
        assertValid(exchange("POST", path, body, client.basic()));
        final String id = client.sw("POST", path, "{\"phone_numbers\":[\"+15550005005\"]}").body().get("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.assignmentStates("+15550005005").equals(java.util.List.of("completed")));
        assertValid(exchange("GET", "/registry/beta/orders/" + id, null, client.basic()));
        assertValid(exchange("GET", path + "?filter_state=processed", null, client.basic()));
        assertValid(exchange("GET", "/registry/beta/campaigns/" + CAMPAIGN + "/numbers?filter_state=completed", null, client.basic()));
    }

    @Test
    void unknownCampaign404IsValid() throws Exception {
        assertValid(exchange("POST", "/registry/beta/campaigns/" + UUID.randomUUID() + "/orders",
                "{\"phone_numbers\":[\"+15550005006\"]}", client.basic()));
    }

    @Test
    void unknownOrder404IsValid() throws Exception {
        assertValid(exchange("GET", "/registry/beta/orders/" + UUID.randomUUID(), null, client.basic()));
    }

    @Test
    void injected500IsValid() throws Exception {
        sim.faults().set(Endpoint.SIGNALWIRE_LIST_NUMBERS, EndpointFault.errors(1.0, 500));
        try {
            assertValid(exchange("GET", "/phone_numbers", null, client.basic()));
        } finally {
            sim.faults().set(Endpoint.SIGNALWIRE_LIST_NUMBERS, EndpointFault.NONE);
        }
    }

    @Test
    void aRequestTheSpecRejectsGetsTheSpecsError() throws Exception {
        final String invalid = "{\"number\":\"+15550005007\",\"unexpected\":true}";
        final SimpleRequest request = new SimpleRequest.Builder(Request.Method.POST, "/api/relay/rest/phone_numbers")
                .withContentType("application/json").withAuthorization(client.basic()).withBody(invalid).build();
        assertThat(VALIDATOR.validateRequest(request).hasErrors()).as("the spec rejects the request").isTrue();
        final var r = client.sw("POST", "/phone_numbers", invalid);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().toString()).isEqualTo("{\"error\":\"Bad Request\"}");
        assertThat(sim.purchaseCount("+15550005007")).isZero();
    }

    @Test
    void theValidatorRejectsAPhoneNumberResponseMissingRequiredFields() {
        // Guards the suite against a validator that silently accepts everything.
        final SimpleRequest request = new SimpleRequest.Builder(Request.Method.POST, "/api/relay/rest/phone_numbers")
                .withContentType("application/json").withAuthorization(client.basic())
                .withBody("{\"number\":\"+15550005008\"}").build();
        final SimpleResponse response = SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody("{\"id\":\"" + UUID.randomUUID() + "\",\"number\":\"+15550005008\"}").build();
        assertThat(VALIDATOR.validate(request, response).hasErrors()).isTrue();
    }
}
