package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The poller's reading of its topics into the pending set, on a {@link MockConsumer}: no broker. */
class PendingReaderTest {

    private static final String RESULTS = "results";
    private static final TopicPartition PARTITION = new TopicPartition(RESULTS, 0);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PendingOrders pending = new PendingOrders(new PendingOrders.Bounds(100, Duration.ofDays(1), 5),
            meters);
    private final AtomicBoolean registryRefuses = new AtomicBoolean(true);
    private final Map<String, NumberResult> byValue = new HashMap<>();

    /** Decodes by looking the value up, as long as the "registry" answers. */
    private final Deserializer<NumberResult> results = (topic, data) -> {
        if (registryRefuses.get()) {
            throw new RegistryUnavailableException("the registry answered 503", 503);
        }
        return byValue.get(new String(data));
    };
    private final Deserializer<OrderStateEvent> states = (topic, data) -> {
        throw new AssertionError("no order-state record in this test");
    };

    @Test
    void anOrderStaysPendingWhileTheRegistryRefusesAndIsWatchedOnceItAnswers() {
        final var consumer = new MockConsumer<String, byte[]>(OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        byValue.put("r1", PendingOrdersTest.result("order-1", "pending"));
        byValue.put("r2", PendingOrdersTest.result("order-2", "pending"));
        consumer.addRecord(new ConsumerRecord<>(RESULTS, 0, 0, "request-1", "r1".getBytes()));
        consumer.addRecord(new ConsumerRecord<>(RESULTS, 0, 1, "request-2", "r2".getBytes()));
        final var reader = new PendingReader(RESULTS, results, states, pending, meters);

        reader.readAll(consumer.poll(Duration.ZERO), consumer);

        assertThat(pending.size()).isZero();
        assertThat(consumer.position(PARTITION)).as("rewound to the record the registry refused").isZero();
        assertThat(meters.counter("bridge.confirm.registry.held").count()).isEqualTo(1);

        registryRefuses.set(false);
        // MockConsumer hands out records only once: the broker would send them again from the rewound position
        consumer.addRecord(new ConsumerRecord<>(RESULTS, 0, 0, "request-1", "r1".getBytes()));
        consumer.addRecord(new ConsumerRecord<>(RESULTS, 0, 1, "request-2", "r2".getBytes()));
        reader.readAll(consumer.poll(Duration.ZERO), consumer);

        assertThat(pending.size()).isEqualTo(2);
    }

    @Test
    void aRecordThatCanNeverBeDecodedIsSkippedNotHeld() {
        final var consumer = new MockConsumer<String, byte[]>(OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        registryRefuses.set(false);
        byValue.put("r2", PendingOrdersTest.result("order-2", "pending"));
        consumer.addRecord(new ConsumerRecord<>(RESULTS, 0, 0, "request-1", "junk".getBytes()));
        consumer.addRecord(new ConsumerRecord<>(RESULTS, 0, 1, "request-2", "r2".getBytes()));
        final var junkFails = new PendingReader(RESULTS, (topic, data) -> {
            if (new String(data).equals("junk")) {
                throw new IllegalArgumentException("not Avro");
            }
            return results.deserialize(topic, data);
        }, states, pending, meters);

        junkFails.readAll(consumer.poll(Duration.ZERO), consumer);

        assertThat(pending.size()).isEqualTo(1);
        assertThat(consumer.position(PARTITION)).isEqualTo(2);
    }
}
