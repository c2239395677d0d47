package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.NumberRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event type through the real broker and the real registry, configured the way Kafka clients do it. */
class SerdeRoundTripIT {

    private static final KafkaBroker BROKER = KafkaBroker.shared();
    private static final String REGISTRY_URL = SchemaRegistry.shared().url();
    private static final SchemaRegistryClient REGISTRY = SchemaRegistryClient.http(SerdeConfig.of(REGISTRY_URL));

    static Stream<Named<SpecificRecord>> everyEventType() {
        return Stream.of(
                Named.of("NumberRequest", Samples.telnyxOrder()),
                Named.of("NumberResult", Samples.orderResult()),
                Named.of("OrderStateEvent", Samples.orderState()),
                Named.of("RawWebhook", Samples.rawWebhook()),
                Named.of("Intent", Samples.intent()));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void eventTravelsFramedWithTheRegisteredIdUnderTheTopicSubject(final SpecificRecord event) {
        final var topic = uniqueTopic(event.getSchema().getName());

        produce(topic, event);
        final var bytes = consumeOne(topic).value();

        final int registeredId = REGISTRY.lookup(topic + "-value", event.getSchema());
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(
                ByteBuffer.allocate(5).put((byte) 0).putInt(registeredId).array());
        assertThat(REGISTRY.subjects()).contains(topic + "-value");
        assertThat(decodeWithStreamsSerde(event.getClass(), topic, bytes)).isEqualTo(event);
    }

    @Test
    void consumerConfiguredByClassNameReadsIntoTheGeneratedClass() {
        final var topic = uniqueTopic("requests");
        produce(topic, Samples.telnyxOrder());

        final var props = consumerProps();
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class.getName());
        props.put(ConfluentAvroDeserializer.READER_CLASS, NumberRequest.class.getName());
        try (var consumer = new KafkaConsumer<String, NumberRequest>(props)) {
            assertThat(pollOne(consumer, topic).value()).isEqualTo(Samples.telnyxOrder());
        }
    }

    private static void produce(final String topic, final SpecificRecord event) {
        BROKER.createTopic(topic, 1);
        final var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class.getName());
        props.put(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY_URL);
        try (var producer = new KafkaProducer<String, SpecificRecord>(props)) {
            producer.send(new ProducerRecord<>(topic, "key", event)).get();
        } catch (Exception e) {
            throw new AssertionError("produce to " + topic + " failed", e);
        }
    }

    private static ConsumerRecord<String, byte[]> consumeOne(final String topic) {
        final var props = consumerProps();
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            return pollOne(consumer, topic);
        }
    }

    private static <V> ConsumerRecord<String, V> pollOne(final KafkaConsumer<String, V> consumer, final String topic) {
        final var partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            final var records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return records.iterator().next();
            }
        }
        throw new AssertionError("nothing arrived on " + topic + " within 30 s");
    }

    private static Properties consumerProps() {
        final var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY_URL);
        return props;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object decodeWithStreamsSerde(final Class<?> type, final String topic, final byte[] bytes) {
        // Built the way Streams builds default.value.serde: no-arg, then configure.
        final var serde = new ConfluentAvroSerde();
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY_URL,
                ConfluentAvroDeserializer.READER_CLASS, type.getName()), false);
        return ((Deserializer<Object>) serde.deserializer()).deserialize(topic, bytes);
    }

    private static String uniqueTopic(final String name) {
        return "it.serde." + name + "." + UUID.randomUUID().toString().substring(0, 8);
    }
}
