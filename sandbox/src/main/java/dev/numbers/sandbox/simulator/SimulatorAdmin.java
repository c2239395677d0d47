package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /_sim/}: the simulator's own endpoints for a test or the demo in another process: {@code GET /_sim/inspect},
 * {@code GET /_sim/limits}, {@code POST /_sim/faults} (a fault document) and {@code POST /_sim/campaigns}.
 */
final class SimulatorAdmin {

    private final ProviderSimulator simulator;
    private final ObjectMapper json;

    SimulatorAdmin(ProviderSimulator simulator, ObjectMapper json) {
        this.simulator = simulator;
        this.json = json;
    }

    Reply handle(String method, String path, byte[] body) {
        if (path.equals("/_sim/inspect") && method.equals("GET")) {
            final Map<String, Object> out = new LinkedHashMap<>();
            out.put("purchases", simulator.purchases());
            out.put("orders", simulator.orderStates());
            out.put("requestCount", simulator.requestCount());
            out.put("requests", simulator.requests());
            out.put("webhooksSent", simulator.webhooksSent());
            return Reply.of(200, out);
        }
        if (path.equals("/_sim/limits") && method.equals("GET")) {
            // Per account: calls the account limit accepted and refused, for a test that measures from outside.
            return Reply.of(200, simulator.faults().limitCounts());
        }
        if (path.equals("/_sim/faults") && method.equals("POST")) {
            try {
                apply(json.readTree(body));
                return Reply.of(200, Map.of("ok", true));
            } catch (IOException | RuntimeException e) {
                return Reply.of(400, Map.of("error", "Bad Request", "detail", String.valueOf(e.getMessage())));
            }
        }
        if (path.equals("/_sim/campaigns") && method.equals("POST")) {
            try {
                simulator.registerCampaign(json.readTree(body).path("id").asText());
                return Reply.of(200, Map.of("ok", true));
            } catch (IOException e) {
                return Reply.of(400, Map.of("error", "Bad Request"));
            }
        }
        return Reply.of(404, Map.of("error", "Not Found"));
    }

    /**
     * Applies a JSON fault document: {@code {"clear":true, "outage":false, "rateLimit":{"perSecond":10,"burst":10},
     * "accountLimit":{"perSecond":100},
     * "endpoints":{"SIGNALWIRE_PURCHASE_NUMBER":{"latencyMs":0,"errorRate":0,"errorStatus":500,"timeoutMs":0,
     * "ambiguousRate":0,"jitterMs":0}}, "duplicateWebhooks":false, "outOfOrderWebhooks":false,
     * "junk":{"+12025550123":"BAD_JSON"}, "inventory":{"415":3}, "sellAfterNextSearch":1,
     * "failTelnyxOrders":["+16462000000"]}}.
     */
    void apply(JsonNode doc) throws IOException {
        final Faults faults = simulator.faults();
        if (doc.path("clear").asBoolean(false)) {
            faults.clear();
        }
        if (doc.has("sellAfterNextSearch")) {
            simulator.sellAfterNextSearch(doc.get("sellAfterNextSearch").asInt());
        }
        for (final var number : doc.path("failTelnyxOrders")) {
            simulator.failTelnyxOrdersFor(number.asText());
        }
        for (var it = doc.path("inventory").fields(); it.hasNext(); ) {
            final var entry = it.next();
            simulator.inventory(entry.getKey(), entry.getValue().asInt());
        }
        if (doc.has("outage")) {
            faults.outage(doc.get("outage").asBoolean());
        }
        if (doc.has("accountLimit")) {
            faults.accountLimit(doc.get("accountLimit").path("perSecond").asInt(0));
        }
        if (doc.has("rateLimit")) {
            faults.rateLimit(doc.get("rateLimit").path("perSecond").asDouble(0),
                    doc.get("rateLimit").path("burst").asInt(1));
        }
        if (doc.has("duplicateWebhooks")) {
            simulator.duplicateWebhooks(doc.get("duplicateWebhooks").asBoolean());
        }
        if (doc.has("outOfOrderWebhooks")) {
            simulator.outOfOrderWebhooks(doc.get("outOfOrderWebhooks").asBoolean());
        }
        for (var it = doc.path("junk").fields(); it.hasNext(); ) {
            final var entry = it.next();
            faults.junk(entry.getKey(), JunkAnswer.valueOf(entry.getValue().asText()));
        }
        for (var it = doc.path("endpoints").fields(); it.hasNext(); ) {
            final var entry = it.next();
            faults.set(Endpoint.valueOf(entry.getKey()), json.treeToValue(entry.getValue(), EndpointFault.class));
        }
    }
}
