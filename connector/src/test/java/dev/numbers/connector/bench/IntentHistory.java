package dev.numbers.connector.bench;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentSource;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a history of COMPLETED intents (what years of purchases leave on the compacted topic) fast: one intent is
 * serialized through the registry, and every other record is that value with its request_id bytes replaced (every
 * id has the same length, so the Avro encoding stays valid); one producer with large lz4 batches and acks=1.
 */
final class IntentHistory {

    private static final String TEMPLATE_ID = "hist-000000000000";

    private IntentHistory() {
    }

    static String id(final long i) {
        return String.format("hist-%012d", i);
    }

    /** Writes {@code count} intents requested at {@code requestedAt}; returns how long it took. */
    static Duration write(final String bootstrap, final SerdeConfig serde, final String topic, final long count,
                          final Instant requestedAt) {
        final byte[] template;
        try (var serializer = new ConfluentAvroSerializer<Intent>(serde)) {
            template = serializer.serialize(topic, intent(requestedAt));
        }
        final var idBytes = TEMPLATE_ID.getBytes(StandardCharsets.UTF_8);
        final var at = occurrences(template, idBytes);
        final long started = System.nanoTime();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < count; i++) {
                final var key = id(i).getBytes(StandardCharsets.UTF_8);
                final var value = Arrays.copyOf(template, template.length);
                for (final int offset : at) {
                    System.arraycopy(key, 0, value, offset, key.length);
                }
                producer.send(new ProducerRecord<>(topic, key, value));
                if (i > 0 && i % 1_000_000 == 0) {
                    System.out.printf("  history: %,d of %,d intents written (%.0f s)%n", i, count,
                            (System.nanoTime() - started) / 1e9);
                }
            }
            producer.flush();
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static List<Integer> occurrences(final byte[] value, final byte[] part) {
        final var found = new ArrayList<Integer>();
        for (int i = 0; i + part.length <= value.length; i++) {
            if (Arrays.equals(value, i, i + part.length, part, 0, part.length)) {
                found.add(i);
            }
        }
        return found;
    }

    private static Intent intent(final Instant requestedAt) {
        final var request = NumberRequest.newBuilder().setRequestId(TEMPLATE_ID).setRequestedAt(requestedAt)
                .setTenant("team-a").setCorrelationId("corr")
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+13035550100").build()).build();
        final var result = NumberResult.newBuilder().setRequestId(TEMPLATE_ID).setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.PURCHASE_PHONE_NUMBER).setStatus(ResultStatus.SUCCEEDED)
                .setResource(PhoneNumber.newBuilder().setId("pn-1").setNumber("+13035550100")
                        .setNumberType("longcode").build())
                .setErrors(List.of()).setAttempts(1).setStartedAt(requestedAt).setFinishedAt(requestedAt)
                .setReconciled(false).setTenant("team-a").setCorrelationId("corr").build();
        return Intent.newBuilder().setRequestId(TEMPLATE_ID).setState(IntentState.COMPLETED).setRequest(request)
                .setUpdatedAt(requestedAt).setResult(result).setAttempt(1)
                .setSource(IntentSource.newBuilder().setTopic("history.requests").setPartition(0).setOffset(0L)
                        .build())
                .build();
    }
}
