package dev.numbers.connector.bench;

import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The naive HTTP sink the connector is compared with: poll one record, call the provider, produce the answer, commit,
 * next. Correct and simple, and bounded by one provider round trip per request.
 */
final class OneAtATimeSink {

    /** How many requests it finished, and the time that took. */
    record Run(int processed, Duration elapsed) {
        double perSecond() {
            return processed / (elapsed.toNanos() / 1e9);
        }
    }

    private final String bootstrap;
    private final SerdeConfig serde;
    private final ProviderSimulator simulator;

    OneAtATimeSink(final String bootstrap, final SerdeConfig serde, final ProviderSimulator simulator) {
        this.bootstrap = bootstrap;
        this.serde = serde;
        this.simulator = simulator;
    }

    /** Works through {@code requests} until {@code expected} are done or {@code duration} is over. */
    Run run(final String requests, final String results, final int expected, final Duration duration)
            throws Exception {
        final var authorization = "Basic " + Base64.getEncoder().encodeToString((simulator.config()
                .signalWireProjectId()
                + ":" + simulator.config().signalWireToken()).getBytes(StandardCharsets.UTF_8));
        final var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + requests,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
             var deserializer = new ConfluentAvroDeserializer<>(NumberRequest.class, serde)) {
            consumer.subscribe(List.of(requests));
            int processed = 0;
            long start = 0;
            final long budget = duration.toNanos();
            while (processed < expected && (start == 0 || System.nanoTime() - start < budget)) {
                for (final var record : consumer.poll(Duration.ofMillis(100))) {
                    if (start == 0) {
                        start = System.nanoTime(); // the clock starts with the first record, not the group join
                    }
                    final var request = deserializer.deserialize(requests, record.value());
                    final var purchase = (SignalWirePurchasePhoneNumber) request.getOperation();
                    final var answer = http.send(HttpRequest.newBuilder(URI.create(simulator.signalWireBaseUrl()
                                    + "/phone_numbers"))
                            .header("Authorization", authorization).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"" + purchase.getNumber() + "\"}"))
                            .build(), HttpResponse.BodyHandlers.ofByteArray());
                    producer.send(new ProducerRecord<>(results, request.getRequestId().getBytes(StandardCharsets.UTF_8),
                            answer.body())).get();
                    consumer.commitSync();
                    processed++;
                }
            }
            return new Run(processed, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
