package dev.numbers.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealPartsIT {

    @Test
    void sharedBrokerStoresAndServesRecords() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topic = "harness-" + UUID.randomUUID();
        broker.createTopic(topic, 2);

        produce(broker.bootstrapServers(), topic, "k", "hello");

        assertThat(consumeAll(broker.bootstrapServers(), topic, 1)).containsExactly("hello");
    }

    @Test
    void sharedRegistryServesTheConfluentApiAndRefusesIncompatibleChanges() throws Exception {
        final var registry = SchemaRegistry.shared();
        final var subject = "harness-" + UUID.randomUUID() + "-value";
        final var v1 = "{\"schema\":\"{\\\"type\\\":\\\"record\\\","
                + "\\\"name\\\":\\\"A\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
        final var v2 = "{\"schema\":\"{\\\"type\\\":\\\"record\\\","
                + "\\\"name\\\":\\\"A\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"},{\\\"na"
                        + "me\\\":\\\"b\\\",\\\"type\\\":\\\"string\\\"}]}\"}";

        assertThat(register(registry.url(), subject, v1).statusCode()).isEqualTo(200);
        final var refused = register(registry.url(), subject, v2);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("Incompatible");
    }

    @Test
    void standaloneServerKeepsItsRecordsAcrossARestartOnTheSamePort(@TempDir final Path data) throws Exception {
        try (var server = KafkaServerProcess.start(KafkaServerProcess.Settings.in(data))) {
            final var topic = "restart-" + UUID.randomUUID();
            server.createTopic(topic, 1);
            produce(server.bootstrapServers(), topic, "k", "before");

            server.restart();
            produce(server.bootstrapServers(), topic, "k", "after");

            assertThat(consumeAll(server.bootstrapServers(), topic, 2)).containsExactly("before", "after");
        }
    }

    private static HttpResponse<String> register(final String url, final String subject, final String body)
            throws Exception {
        final var request = HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void produce(final String bootstrap, final String topic, final String key, final String value)
            throws Exception {
        final var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> consumeAll(final String bootstrap, final String topic, final int expected) {
        final var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            final var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
