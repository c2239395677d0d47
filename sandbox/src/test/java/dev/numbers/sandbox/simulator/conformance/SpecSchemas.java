package dev.numbers.sandbox.simulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;

/** The webhook payload models as JSON Schema (transcribed from ../shared/specs), with format checks on. */
final class SpecSchemas {

    private static final String BASE = "classpath:dev/numbers/sandbox/simulator/conformance/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    /** SignalWire's 10DLC status callback (signalwire-10dlc-status-callback.tsp). */
    static final JsonSchema TEN_DLC = FACTORY.getSchema(
            SchemaLocation.of(BASE + "ten-dlc-status-callback.schema.json"), CONFIG);

    /** Telnyx's number_order.complete event envelope. */
    static final JsonSchema TELNYX_EVENT = FACTORY.getSchema(
            SchemaLocation.of(BASE + "telnyx-number-order-complete.schema.json"), CONFIG);

    private SpecSchemas() {
    }

    /** What the schema finds wrong with the body, sorted; empty when it conforms. */
    static List<String> violations(JsonSchema schema, JsonNode body) {
        return schema.validate(body).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
