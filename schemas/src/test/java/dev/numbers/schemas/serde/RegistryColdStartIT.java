package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.numbers.harness.ApicurioRegistry;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.NumberResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cold start with a backlog: a thousand requests serialize their first record of a schema the registry has never
 * seen under that subject, all at once, against the real Apicurio (HTTP/2, which refused most of them with "too many
 * concurrent streams" before the client shared one call). Calls are counted by the registry's own metrics.
 */
class RegistryColdStartIT {

    private static final int SERIALIZATIONS = 1_000;

    @Test
    void aThousandConcurrentFirstSerializationsMakeOneRegistryCallAndNoError() throws Exception {
        final var registry = SchemaRegistry.shared();
        assumeThat(registry).as("counting needs the harness's Apicurio").isInstanceOf(ApicurioRegistry.class);
        final var metrics = ((ApicurioRegistry) registry).metricsUrl();
        final var topic = "cold-start-" + UUID.randomUUID();
        final var serializer = new ConfluentAvroSerializer<NumberResult>();
        serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        final var before = subjectCalls(metrics);

        final long started = System.nanoTime();
        final var framed = new ArrayList<Future<byte[]>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < SERIALIZATIONS; i++) {
                framed.add(threads.submit(() -> serializer.serialize(topic, Samples.orderResult())));
            }
        }
        final var ids = new HashSet<Integer>();
        int errors = 0;
        for (final var bytes : framed) {
            try {
                ids.add(ByteBuffer.wrap(bytes.get(60, TimeUnit.SECONDS)).getInt(1));
            } catch (ExecutionException e) {
                if (errors++ < 5) {
                    System.out.println("serialization failed: " + e.getCause());
                }
            }
        }
        final long calls = subjectCalls(metrics) - before;
        System.out.printf("%d concurrent first serializations to %s in %d ms: %d error(s), schema ids %s,"
                        + " %d registry call(s) (POST /subjects/...)%n", SERIALIZATIONS, topic,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), errors, ids, calls);

        assertThat(errors).isZero();
        assertThat(ids).hasSize(1);
        assertThat(calls).isEqualTo(1);
    }

    /** POSTs to the ccompat subject endpoints (register and lookup) the registry has answered so far. */
    private static long subjectCalls(final String metricsUrl) throws Exception {
        final var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final var text = client.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Math.round(text.lines()
                .filter(line -> line.startsWith("rest_requests_seconds_count{"))
                .filter(line -> line.contains("method=\"POST\"") && line.contains("path=\"/apis/ccompat/v7/subjects/"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum());
    }
}
