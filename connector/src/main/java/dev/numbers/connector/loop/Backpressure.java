package dev.numbers.connector.loop;

import dev.numbers.connector.concurrency.RequestSlots;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Pauses every assigned partition while all in-flight slots are taken, and otherwise resumes all but those resting
 * after a registry hand-back. Poll thread only: the consumer is not thread-safe.
 */
final class Backpressure {

    private final Consumer<byte[], byte[]> consumer;
    private final RequestSlots slots;
    private final Supplier<Set<TopicPartition>> resting;

    Backpressure(final Consumer<byte[], byte[]> consumer, final RequestSlots slots,
                 final Supplier<Set<TopicPartition>> resting) {
        this.consumer = consumer;
        this.slots = slots;
        this.resting = resting;
    }

    void apply() {
        final var assignment = consumer.assignment();
        final var rest = resting.get();
        if (slots.full()) {
            consumer.pause(assignment);
            return;
        }
        final var ready = consumer.paused().stream().filter(p -> !rest.contains(p)).toList();
        if (!ready.isEmpty()) {
            consumer.resume(ready);
        }
        final var toRest = rest.stream().filter(assignment::contains).toList();
        if (!toRest.isEmpty()) {
            consumer.pause(toRest);
        }
    }
}
