package dev.numbers.bridge;

import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code numbers.order-states} (or {@code numbers.object-states}) as a downstream consumer would: from the start,
 * committed records only.
 */
public final class OrderStateReader {

    private OrderStateReader() {
    }

    /** The order's events in topic order, read until {@code last} matches one of them. */
    public static List<OrderStateEvent> eventsOf(final String topic, final String orderId,
            final Predicate<List<OrderStateEvent>> done) {
        return eventsOf(topic, orderId::equals, done);
    }

    /** Every key on the topic, in topic order, read until {@code lastKey} is among them. */
    public static List<String> keysUntil(final String topic, final String lastKey) {
        return eventsOf(topic, key -> true, seen -> seen.stream().anyMatch(e -> lastKey.equals(e.getOrderId())))
                .stream().map(OrderStateEvent::getOrderId).toList();
    }

    private static List<OrderStateEvent> eventsOf(final String topic, final Predicate<String> keys,
            final Predicate<List<OrderStateEvent>> done) {
        final var props = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "states-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final var deserializer = new ConfluentAvroDeserializer<>(OrderStateEvent.class,
                SerdeConfig.of(SchemaRegistry.shared().url()));
        final var events = new ArrayList<OrderStateEvent>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keys.test(r.key())) {
                        events.add(r.value());
                    }
                });
                return done.test(events);
            });
        }
        return events;
    }
}
