package dev.numbers.sandbox.simulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SignalWire OpenAPI 3.1 document used as the test oracle: it finds the operation a request addresses and
 * validates request parts and response bodies against the schemas the document names. JSON Schema 2020-12 with the
 * OpenAPI 3.1 dialect, because the spec relies on {@code unevaluatedProperties} and {@code type: 'null'}, which
 * draft-4 based OpenAPI validators silently ignore.
 */
final class OpenApiContract {

    private static final String RESOURCE = "dev/numbers/sandbox/simulator/conformance/signalwire-numbers.openapi.yaml";
    private static final String DOCUMENT = "classpath:" + RESOURCE;
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");

    private final JsonNode spec;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** One operation of the spec, with the path parameters taken from the concrete request path. */
    record Operation(String template, String method, JsonNode node, Map<String, String> pathParams) {

        String operationId() {
            return node.path("operationId").asText();
        }

        Set<Integer> documentedStatuses() {
            final Set<Integer> statuses = new TreeSet<>();
            node.path("responses").fieldNames().forEachRemaining(s -> statuses.add(Integer.parseInt(s)));
            return statuses;
        }
    }

    OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation for a request path as the simulator serves it (it includes {@code /api/relay/rest}). */
    Operation operation(String method, String path) {
        for (Map.Entry<String, JsonNode> entry : spec.path("paths").properties()) {
            final List<String> names = new ArrayList<>();
            final Matcher params = TEMPLATE_PARAM.matcher(entry.getKey());
            final StringBuilder regex = new StringBuilder();
            int last = 0;
            while (params.find()) {
                regex.append(Pattern.quote(entry.getKey().substring(last, params.start()))).append("([^/]+)");
                names.add(params.group(1));
                last = params.end();
            }
            regex.append(Pattern.quote(entry.getKey().substring(last)));
            final Matcher m = Pattern.compile(regex.toString()).matcher(path);
            final JsonNode op = entry.getValue().get(method.toLowerCase(Locale.ROOT));
            if (m.matches() && op != null) {
                final Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), m.group(i + 1));
                }
                return new Operation(entry.getKey(), method, op, values);
            }
        }
        throw new IllegalArgumentException("the spec has no operation " + method + " " + path);
    }

    /**
     * Why the spec would reject this request (path and query parameters, JSON body); empty when it accepts it.
     * Headers are left out: authentication is checked by the tests that send wrong credentials.
     */
    List<String> requestViolations(Operation op, Map<String, String> query, String rawBody) {
        final List<String> violations = new ArrayList<>();
        for (JsonNode p : op.node().path("parameters")) {
            final JsonNode param = resolve(p);
            final String in = param.path("in").asText();
            final String name = param.path("name").asText();
            final String value = switch (in) {
                case "path" -> op.pathParams().get(name);
                case "query" -> query.get(name);
                default -> null;
            };
            if (value == null) {
                if (param.path("required").asBoolean(false) && !in.equals("header")) {
                    violations.add(in + " parameter " + name + " is required");
                }
                continue;
            }
            final String pointer = p.has("$ref") ? p.get("$ref").asText() + "/schema" : null;
            final JsonNode typed = param.at("/schema/type").asText().equals("integer") && value.matches("-?\\d{1,9}")
                    ? IntNode.valueOf(Integer.parseInt(value)) : TextNode.valueOf(value);
            final JsonSchema schema = pointer != null ? schema(pointer) : factory.getSchema(param.path("schema"),
                    config);
            schema.validate(typed).forEach(msg -> violations.add(in + " parameter " + name + ": " + msg.getMessage()));
        }
        final JsonNode requestBody = op.node().path("requestBody");
        if (!requestBody.isMissingNode()) {
            if (rawBody == null || rawBody.isBlank()) {
                if (requestBody.path("required").asBoolean(false)) {
                    violations.add("request body is required");
                }
            } else {
                final JsonNode body;
                try {
                    body = new ObjectMapper().readTree(rawBody);
                } catch (IOException e) {
                    violations.add("request body is not JSON");
                    return violations;
                }
                final String ref = requestBody.at("/content/application~1json/schema/$ref").asText();
                violations.addAll(messages(schema(ref).validate(body)));
            }
        }
        return violations;
    }

    /** Why this response does not match the spec: an undocumented status, or a body its schema rejects. */
    List<String> responseViolations(Operation op, int status, JsonNode body) {
        final JsonNode response = op.node().path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            return List.of("status " + status + " is not documented for " + op.operationId()
                    + " (documented: " + op.documentedStatuses() + ")");
        }
        final JsonNode schemaNode = response.at("/content/application~1json/schema");
        if (schemaNode.isMissingNode()) {
            return body == null ? List.of() : List.of("status " + status + " has no content, got " + body);
        }
        if (body == null) {
            return List.of("status " + status + " needs a JSON body");
        }
        return messages(schema(schemaNode.path("$ref").asText()).validate(body));
    }

    private JsonNode resolve(JsonNode maybeRef) {
        return maybeRef.has("$ref") ? spec.at(maybeRef.get("$ref").asText().substring(1)) : maybeRef;
    }

    private JsonSchema schema(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("expected a local $ref, got '" + ref + "'");
        }
        return schemas.computeIfAbsent(ref, r -> factory.getSchema(SchemaLocation.of(DOCUMENT + r), config));
    }

    private static List<String> messages(Set<ValidationMessage> result) {
        return result.stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
