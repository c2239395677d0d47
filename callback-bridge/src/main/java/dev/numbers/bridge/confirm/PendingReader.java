package dev.numbers.bridge.confirm;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.serde.SchemaRegistryException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.HashSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the pending set from the poller's batches of {@code numbers.results} and {@code numbers.order-states}.
 *
 * <p>A record the registry cannot resolve now (away, or refusing us) is not skipped: its partition is rewound to it
 * and the rest of the batch of that partition left for the next poll, so no order drops out of the pending set while
 * the registry refuses ({@code bridge.confirm.registry.held} counts each hold). A record that can never be decoded is
 * skipped with a warning.
 */
final class PendingReader {

    private static final Logger LOG = LoggerFactory.getLogger(PendingReader.class);

    private final String resultsTopic;
    private final Deserializer<NumberResult> results;
    private final Deserializer<OrderStateEvent> states;
    private final PendingOrders pending;
    private final MeterRegistry meters;

    PendingReader(final String resultsTopic, final Deserializer<NumberResult> results,
            final Deserializer<OrderStateEvent> states, final PendingOrders pending, final MeterRegistry meters) {
        this.resultsTopic = resultsTopic;
        this.results = results;
        this.states = states;
        this.pending = pending;
        this.meters = meters;
    }

    void readAll(final Iterable<ConsumerRecord<String, byte[]>> records, final Consumer<?, ?> consumer) {
        final var held = new HashSet<TopicPartition>();
        for (final var record : records) {
            final var partition = new TopicPartition(record.topic(), record.partition());
            if (held.contains(partition)) {
                continue;
            }
            try {
                read(record.topic(), record.value(), Instant.ofEpochMilli(record.timestamp()));
            } catch (SchemaRegistryException e) {
                held.add(partition);
                consumer.seek(partition, record.offset());
                meters.counter("bridge.confirm.registry.held").increment();
                LOG.warn("the schema registry cannot resolve {}@{} now ({}); reading it again", partition,
                        record.offset(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("skipping an unreadable record on {}: {}", record.topic(), e.getMessage());
            }
        }
    }

    private void read(final String topic, final byte[] value, final Instant at) {
        if (value == null) {
            return;
        }
        if (topic.equals(resultsTopic)) {
            pending.created(results.deserialize(topic, value), at);
        } else {
            pending.observed(states.deserialize(topic, value), at);
        }
    }
}
