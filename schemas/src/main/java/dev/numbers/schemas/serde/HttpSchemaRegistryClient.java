package dev.numbers.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over {@link HttpClient}, speaking only the Confluent REST API so it works against
 * Confluent, Apicurio (ccompat), Karapace and Redpanda alike. Ids never change meaning, so both caches live forever.
 * Concurrent calls for the same schema or id share one registry call ({@link SingleFlight}); a 404 for a lookup or an
 * id is remembered for {@link SerdeConfig#missingIdTtl()} / {@link SerdeConfig#missingSchemaTtl()}.
 */
final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final SingleFlight<Call, Integer> idCalls = new SingleFlight<>();
    private final SingleFlight<Integer, Schema> schemaCalls = new SingleFlight<>();
    private final MissingSchemas<Call> missingSchemas;
    private final MissingSchemas<Integer> missingIds;

    HttpSchemaRegistryClient(final SerdeConfig config) {
        this.baseUrl = config.registryUrl();
        this.authorization = authorization(config);
        final var builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (config.truststoreLocation() != null) {
            builder.sslContext(sslContext(config));
        }
        this.http = builder.build();
        this.missingSchemas = new MissingSchemas<>(config.missingSchemaTtl(), System::nanoTime);
        this.missingIds = new MissingSchemas<>(config.missingIdTtl(), System::nanoTime);
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final var cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        return idCalls.load(new Call(true, subject, schema), () -> {
            final var response = send(subject, post("/subjects/" + encode(subject) + "/versions", schema));
            return remember(subject, schema, response.path("id"));
        });
    }

    @Override
    public int lookup(final String subject, final Schema schema) {
        final var cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        final var call = new Call(false, subject, schema);
        missingSchemas.rethrowIfKnownMissing(call);
        return idCalls.load(call, () -> {
            try {
                final var response = send(subject, post("/subjects/" + encode(subject), schema));
                return remember(subject, schema, response.path("id"));
            } catch (SchemaNotFoundException e) {
                missingSchemas.remember(call, e);
                throw e;
            }
        });
    }

    @Override
    public Schema schemaById(final int id) {
        final var cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        missingIds.rethrowIfKnownMissing(id);
        return schemaCalls.load(id, () -> {
            try {
                return fetchSchema(id);
            } catch (SchemaNotFoundException e) {
                missingIds.remember(id, e);
                throw e;
            }
        });
    }

    private Schema fetchSchema(final int id) {
        final var response = send(null, request("/schemas/ids/" + id).GET().build());
        final var text = response.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("registry answered schema id " + id + " without a schema", 200);
        }
        try {
            final var schema = new Schema.Parser().parse(text);
            schemasById.putIfAbsent(id, schema);
            return schema;
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema id " + id + " is not an Avro schema: " + e.getMessage(), 200, e);
        }
    }

    @Override
    public List<String> subjects() {
        final var response = send(null, request("/subjects").GET().build());
        final var subjects = new ArrayList<String>();
        response.forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    private Integer cachedId(final String subject, final Schema schema) {
        final var ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private int remember(final String subject, final Schema schema, final JsonNode idNode) {
        if (!idNode.canConvertToInt()) {
            throw new SchemaRegistryException("registry answered subject " + subject + " without a schema id", 200);
        }
        final int id = idNode.asInt();
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private HttpRequest post(final String path, final Schema schema) {
        final String body;
        try {
            body = json.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new SchemaRegistryException("could not encode schema " + schema.getFullName(), 0, e);
        }
        return request(path)
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder request(final String path) {
        final var builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private JsonNode send(final String subject, final HttpRequest request) {
        final HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryUnavailableException(
                    "schema registry " + baseUrl + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted calling schema registry " + baseUrl, e);
        }
        final int status = response.statusCode();
        final var body = parse(response.body());
        if (status / 100 == 2) {
            return body;
        }
        final var message = body.path("message").asText(new String(response.body(), StandardCharsets.UTF_8));
        final var what = request.method() + " " + request.uri().getPath();
        if (status >= 500 || status == 401 || status == 403 || status == 408 || status == 429) {
            // Refused credentials or throttling are no fault of the record either: callers must not dead-letter.
            throw new RegistryUnavailableException(
                    "schema registry answered " + status + " to " + what + ": " + message, status);
        }
        if (status == 409 && subject != null) {
            throw new IncompatibleSchemaException(subject, message);
        }
        if (status == 404) {
            throw new SchemaNotFoundException("schema registry answered 404 to " + what + ": " + message);
        }
        throw new SchemaRegistryException("schema registry answered " + status + " to " + what + ": " + message,
                status);
    }

    private JsonNode parse(final byte[] body) {
        try {
            return body.length == 0 ? json.missingNode() : json.readTree(body);
        } catch (IOException e) {
            // Proxies answer errors in HTML; the status alone is then what we act on.
            return json.missingNode();
        }
    }

    /** One registry call for a schema under a subject: a registration or a lookup. */
    private record Call(boolean register, String subject, Schema schema) {
    }

    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Basic auth when user info is set, else a bearer token when one is set, else none. */
    private static String authorization(final SerdeConfig config) {
        if (config.basicAuthUserInfo() != null) {
            return "Basic " + Base64.getEncoder().encodeToString(
                    config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        }
        return config.bearerToken() == null ? null : "Bearer " + config.bearerToken();
    }

    private static SSLContext sslContext(final SerdeConfig config) {
        try (InputStream in = Files.newInputStream(Path.of(config.truststoreLocation()))) {
            final var trustStore = KeyStore.getInstance(config.truststoreType());
            trustStore.load(in, config.truststorePassword() == null ? null : config.truststorePassword().toCharArray());
            final var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            final var context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The exception text of KeyStore.load never includes the password.
            throw new IllegalArgumentException(
                    "cannot load schema registry truststore " + config.truststoreLocation() + ": " + e.getMessage(), e);
        }
    }
}
