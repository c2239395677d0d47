package dev.numbers.schemas.serde.bench;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.InMemorySchemaRegistry;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Serde cost per record once the registry caches are warm (the steady state of the connector). The registry is an
 * in-memory fake: with warm caches the real one is never called, so it would only measure setup.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl schemas -am -q test-compile exec:exec@bench} (see docs/schemas.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeBenchmark {

    private static final String TOPIC = "numbers.requests";

    private ConfluentAvroSerializer<NumberRequest> serializer;
    private ConfluentAvroDeserializer<NumberRequest> deserializer;
    private NumberRequest request;
    private byte[] bytes;

    @Setup
    public void warmUp() {
        setUp();
    }

    /** Shared with {@link SerdeCpuTime}. */
    void setUp() {
        final var registry = new InMemorySchemaRegistry();
        serializer = new ConfluentAvroSerializer<>(registry, SerdeConfig.of("http://in-memory"), false);
        deserializer = new ConfluentAvroDeserializer<>(NumberRequest.class, registry);
        request = NumberRequest.newBuilder()
                .setRequestId("3f1c8f8e-6a53-4b8e-9d0e-0d6c3f6f2a11")
                .setRequestedAt(Instant.parse("2026-11-23T16:00:00Z"))
                .setTenant("team-messaging")
                .setCorrelationId("trace-7c1d2e")
                .setOperation(SignalWireCreateAssignmentOrder.newBuilder()
                        .setCampaignId("b5e4c7a2-1d3f-4e6a-9b8c-0f1e2d3c4b5a")
                        .setPhoneNumbers(List.of("+15551234567", "+15557654321"))
                        .setStatusCallbackUrl("https://bridge.example/webhooks/signalwire/10dlc")
                        .build())
                .build();
        bytes = serializer.serialize(TOPIC, request);
        deserializer.deserialize(TOPIC, bytes);
    }

    @Benchmark
    public NumberRequest roundTrip() {
        return roundTripOnce();
    }

    NumberRequest roundTripOnce() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, request));
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TOPIC, request);
    }

    @Benchmark
    public NumberRequest deserialize() {
        return deserializer.deserialize(TOPIC, bytes);
    }
}
