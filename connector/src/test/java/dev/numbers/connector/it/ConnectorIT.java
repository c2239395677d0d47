package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.AssignmentOrderList;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWireListAssignmentOrders;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import dev.numbers.schemas.serde.UndecodableRecordException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The connector in-process against the real broker, the real registry and the provider simulator. */
class ConnectorIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String CAMPAIGN = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;

    private String requests;
    private String results;
    private String dlq;
    private ApplicationContext connector;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void startSimulator() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        simulator.registerCampaign(CAMPAIGN);
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void topics() {
        final int n = SEQ.incrementAndGet();
        final var suffix = n + "-" + UUID.randomUUID().toString().substring(0, 8);
        requests = "it.requests." + suffix;
        results = "it.results." + suffix;
        dlq = "it.dlq." + suffix;
        KafkaBroker.shared().createTopic(requests, 2);
        KafkaBroker.shared().createTopic(results, 1);
        KafkaBroker.shared().createTopic(dlq, 1);
        simulator.faults().clear();
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stopConnector() {
        if (connector != null) {
            connector.close();
        }
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        simulator.faults().clear();
    }

    private void startConnector(final Map<String, Object> overrides) {
        final var topics = new TestTopics(requests, results, dlq, "it.intents." + requests, "it-" + requests);
        final var props = RunningConnector.settings(KafkaBroker.shared().bootstrapServers(),
                SchemaRegistry.shared().url(), topics, simulator, "it");
        props.put("connector.kafka.transactional-id-prefix", "it-" + requests);
        props.put("connector.ledger.partitions", 1);
        props.remove("connector.providers.signalwire.requests-per-second");
        props.remove("connector.providers.telnyx.requests-per-second");
        props.put("connector.retry.max-attempts", 4);
        props.put("connector.retry.initial-backoff", "100ms");
        props.put("connector.retry.max-backoff", "3s");
        props.putAll(overrides);
        connector = ApplicationContext.run(props);
    }

    private void startConnector() {
        startConnector(Map.of());
    }

    private static NumberRequest request(final String id, final Object operation) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now()).setTenant("team-a")
                .setCorrelationId("corr-" + id).setOperation(operation).build();
    }

    private static NumberRequest purchase(final String id, final String number) {
        return request(id, SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build());
    }

    private static String uniqueNumber() {
        return "+1202555" + String.format("%04d", 1000 + SEQ.incrementAndGet() * 7 % 9000);
    }

    private void send(final NumberRequest... values) {
        try (var producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
             var serializer = new ConfluentAvroSerializer<NumberRequest>(serde)) {
            for (final var value : values) {
                producer.send(new ProducerRecord<>(requests, value.getRequestId().getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(requests, value)));
            }
            producer.flush();
        }
    }

    private void sendRaw(final byte[] key, final byte[] value) {
        try (var producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(requests, 0, key, value));
            producer.flush();
        }
    }

    private static Properties producerProps() {
        final var props = new Properties();
        props.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        return props;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(final String topic, final int count,
                                                            final Duration within) {
        return KafkaIo.readCommitted(topic, count, within);
    }

    private List<NumberResult> results(final int count, final Duration within) {
        try (var deserializer = new ConfluentAvroDeserializer<>(NumberResult.class, serde)) {
            return read(results, count, within).stream().map(r -> deserializer.deserialize(results, r.value()))
                    .toList();
        }
    }

    private NumberResult onlyResult() {
        final var all = results(1, Duration.ofSeconds(30));
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    @Test
    void purchaseSucceedsAndBuysTheNumberOnce() {
        final var number = uniqueNumber();
        startConnector();
        send(purchase("p-1", number));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((PhoneNumber) result.getResource()).getNumber()).isEqualTo(number);
        assertThat(result.getTenant()).isEqualTo("team-a");
        assertThat(result.getCorrelationId()).isEqualTo("corr-p-1");
        assertThat(simulator.purchaseCount(number)).isEqualTo(1);
    }

    @Test
    void invalidNumberIsRejectedWithoutCallingTheProvider() {
        startConnector();
        final int before = simulator.requestCount();
        send(purchase("bad-1", "202-555-0100"));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.getErrors()).extracting(ProviderError::getField).containsExactly("operation.number");
        assertThat(result.getAttempts()).isZero();
        assertThat(simulator.requestCount()).isEqualTo(before);
    }

    @Test
    void unavailableNumberIsRejectedWithTheProvidersErrors() {
        final var number = uniqueNumber();
        simulator.markUnavailable(number);
        startConnector();
        send(purchase("u-1", number));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.getErrors()).isNotEmpty().allSatisfy(e -> assertThat(e.getHttpStatus()).isEqualTo(422));
        assertThat(result.getAttempts()).isEqualTo(1);
    }

    @Test
    void assignmentOrderUsesTheBridgeCallbackAndIsListedAfterwards() {
        final var number = uniqueNumber();
        startConnector();
        send(request("o-1", SignalWireCreateAssignmentOrder.newBuilder().setCampaignId(CAMPAIGN)
                .setPhoneNumbers(List.of(number)).build()));
        final var created = onlyResult();
        assertThat(created.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((AssignmentOrder) created.getResource()).getStatusCallbackUrl())
                .isEqualTo("http://bridge.local/callbacks/signalwire");

        send(request("l-1", SignalWireListAssignmentOrders.newBuilder().setCampaignId(CAMPAIGN).build()));
        final var listed = results(2, Duration.ofSeconds(30)).get(1);
        assertThat(listed.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((AssignmentOrderList) listed.getResource()).getData()).extracting(AssignmentOrder::getId)
                .contains(((AssignmentOrder) created.getResource()).getId());
    }

    @Test
    void orderForUnknownCampaignIsRejectedAsNotFound() {
        startConnector();
        send(request("nf-1", SignalWireCreateAssignmentOrder.newBuilder()
                .setCampaignId(UUID.randomUUID().toString()).setPhoneNumbers(List.of(uniqueNumber())).build()));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.getErrors()).extracting(ProviderError::getHttpStatus).containsOnly(404);
    }

    @Test
    void telnyxOrderSucceedsWithRequestIdAsCustomerReference() {
        startConnector();
        send(request("t-1", TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(List.of(
                TelnyxOrderPhoneNumber.newBuilder().setPhoneNumber(uniqueNumber()).build())).build()));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getProvider()).isEqualTo(Provider.TELNYX);
        assertThat(((TelnyxNumberOrder) result.getResource()).getCustomerReference()).isEqualTo("t-1");
    }

    @Test
    void refusedCredentialsFailTheRequestAndPauseTheProvider() {
        startConnector(Map.of("connector.providers.signalwire.api-token", "PTwrong-token"));
        send(purchase("a-1", uniqueNumber()));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getErrors()).extracting(ProviderError::getHttpStatus).containsOnly(401);
        assertThat(connector.getBean(ProviderHealth.class).isPaused(
                new AccountId(Provider.SIGNALWIRE, "default"))).isTrue();
    }

    @Test
    void rateLimitedCallWaitsForRetryAfterThenSucceeds() {
        simulator.faults().rateLimit(1, 1);
        startConnector();
        final var first = uniqueNumber();
        final var second = uniqueNumber();
        send(purchase("r-1", first), purchase("r-2", second));
        final var all = results(2, Duration.ofSeconds(30));
        assertThat(all).extracting(NumberResult::getStatus).containsOnly(ResultStatus.SUCCEEDED);
        assertThat(all).extracting(NumberResult::getAttempts).contains(2);
        assertThat(simulator.purchaseCount(first) + simulator.purchaseCount(second)).isEqualTo(2);
    }

    @Test
    void serverErrorIsRetriedUntilSuccess() {
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.errors(1.0, 500));
        startConnector(Map.of("connector.retry.initial-backoff", "1s"));
        final int before = simulator.requestCount();
        final var number = uniqueNumber();
        send(purchase("s-1", number));
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requestCount() > before);
        simulator.faults().clear();
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getAttempts()).isGreaterThan(1);
        assertThat(simulator.purchaseCount(number)).isEqualTo(1);
    }

    @Test
    void timedOutPurchaseThatTheProviderPerformedIsFoundNotBoughtAgain() {
        // The simulator performs the purchase and holds the answer past the connector's timeout.
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.timeout(3_000));
        startConnector(Map.of("connector.retry.max-attempts", 2, "connector.retry.request-timeout", "1s"));
        final var number = uniqueNumber();
        send(purchase("to-1", number));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getReconciled()).isTrue();
        assertThat(((PhoneNumber) result.getResource()).getNumber()).isEqualTo(number);
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(simulator.purchaseCount(number)).isEqualTo(1);
    }

    @Test
    void timeoutsWithoutAnyTraceAtTheProviderExhaustTheBudgetAndSayTheOutcomeIsUnknown() {
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.timeout(3_000));
        simulator.faults().set(Endpoint.SIGNALWIRE_LIST_NUMBERS, EndpointFault.timeout(3_000));
        startConnector(Map.of("connector.retry.max-attempts", 2, "connector.retry.request-timeout", "1s"));
        send(purchase("to-2", uniqueNumber()));
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(result.getErrors()).extracting(ProviderError::getCode).containsExactly("outcome_unknown",
                "unreachable");
        // what the NumbersConnectorOutcomeUnknown alert counts
        assertThat(connector.getBean(MeterRegistry.class)
                .counter("connector.outcome.unknown", "provider", "SIGNALWIRE").count()).isEqualTo(1);
    }

    @Test
    void undecodableRecordGoesToTheDlqAndTheNextRecordIsProcessed() {
        startConnector();
        sendRaw("junk".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        send(purchase("after-junk", uniqueNumber()));
        final var dead = read(dlq, 1, Duration.ofSeconds(30)).getFirst();
        assertThat(dead.value()).containsExactly(1, 2, 3);
        assertThat(header(dead, "numbers.error.topic")).isEqualTo(requests);
        assertThat(header(dead, "numbers.error.offset")).isEqualTo("0");
        assertThat(header(dead, "numbers.error.exception")).isEqualTo(
                UndecodableRecordException.class.getName());
        assertThat(header(dead, "numbers.error.message")).isNotBlank();
        assertThat(onlyResult().getRequestId()).isEqualTo("after-junk");
    }

    @Test
    void credentialsAppearInNoLogLineAndNoResult() {
        startConnector(Map.of("connector.providers.telnyx.api-key", "KEYwrong-telnyx-key"));
        send(purchase("c-1", uniqueNumber()), request("c-2", TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(
                List.of(TelnyxOrderPhoneNumber.newBuilder().setPhoneNumber(uniqueNumber()).build())).build()));
        final var all = results(2, Duration.ofSeconds(30));
        final var secrets = List.of(simulator.config().signalWireToken(), "KEYwrong-telnyx-key",
                Base64.getEncoder().encodeToString((simulator.config().signalWireProjectId() + ":"
                        + simulator.config().signalWireToken()).getBytes(StandardCharsets.UTF_8)));
        assertThat(all.toString()).doesNotContain(secrets);
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).doesNotContain(secrets));
    }

    @Test
    void healthAndPrometheusShowAPausedProviderAndRequestCounts() throws Exception {
        startConnector(Map.of("connector.providers.signalwire.api-token", "PTwrong-token", "micronaut.server.port", 0));
        final var server = connector.getBean(EmbeddedServer.class).start();
        send(purchase("h-1", uniqueNumber()));
        assertThat(onlyResult().getStatus()).isEqualTo(ResultStatus.FAILED);
        final var http = HttpClient.newHttpClient();
        final var health = http.send(HttpRequest.newBuilder(server.getURI().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("providers", "credentials refused (401)", "kafka-request-loop");
        final var metrics = http.send(HttpRequest.newBuilder(server.getURI().resolve("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("connector_requests_total{", "outcome=\"FAILED\"",
                "connector_provider_latency_seconds",
                "kafka_consumer_fetch_manager_records_lag_max");
        // what the NumbersConnectorProviderPaused alert reads
        assertThat(metrics).contains("connector_provider_paused{account=\"default\",provider=\"SIGNALWIRE\"} 1.0",
                "connector_provider_paused{account=\"default\",provider=\"TELNYX\"} 0.0");
    }

    @Test
    void requestsWithTheSameKeyRunOneAfterAnother() {
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(150));
        startConnector();
        try (var producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
             var serializer = new ConfluentAvroSerializer<NumberRequest>(serde)) {
            for (int i = 0; i < 4; i++) {
                final var value = purchase("k-" + i, uniqueNumber());
                producer.send(new ProducerRecord<>(requests, "same-key".getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(requests, value)));
            }
        }
        final var all = results(4, Duration.ofSeconds(30));
        assertThat(all).extracting(NumberResult::getRequestId).containsExactly("k-0", "k-1", "k-2", "k-3");
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).getStartedAt()).isAfterOrEqualTo(all.get(i - 1).getFinishedAt());
        }
    }

    @Test
    void requestsWithDifferentKeysRunConcurrently() {
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(1_000));
        startConnector();
        final var batch = new NumberRequest[8];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = purchase("c-" + i, uniqueNumber());
        }
        send(batch);
        final var all = results(8, Duration.ofSeconds(30));
        // Concurrency is shown by the calls' own intervals, not by a wall-clock budget a loaded machine can miss:
        // one at a time per partition (2 partitions), at most two requests would ever run at once.
        int most = 0;
        for (final var at : all) {
            final var moment = at.getStartedAt();
            most = Math.max(most, (int) all.stream().filter(r -> !r.getStartedAt().isAfter(moment)
                    && r.getFinishedAt().isAfter(moment)).count());
        }
        assertThat(most).as("requests running at the same moment").isGreaterThan(2);
    }

    @Test
    void shutdownFinishesTheRunningRequestAndCommitsItsOffset() throws Exception {
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(1_500));
        startConnector(Map.of("connector.retry.request-timeout", "10s"));
        final int before = simulator.requestCount();
        final var number = uniqueNumber();
        send(purchase("sd-1", number));
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requestCount() > before);
        connector.close();
        connector = null;
        final var result = onlyResult();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getAttempts()).isEqualTo(1);
        final var committed = KafkaBroker.shared().admin().listConsumerGroupOffsets("it-" + requests)
                .partitionsToOffsetAndMetadata().get().values().stream()
                .mapToLong(OffsetAndMetadata::offset).sum();
        assertThat(committed).isEqualTo(1);
    }

    @Test
    void neverRunsMoreThanMaxInFlightRequestsAtOnce() {
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(300));
        startConnector(Map.of("connector.max-in-flight", 2));
        final var batch = new NumberRequest[6];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = purchase("m-" + i, uniqueNumber());
        }
        send(batch);
        final var all = results(6, Duration.ofSeconds(30));
        assertThat(all).extracting(NumberResult::getStatus).containsOnly(ResultStatus.SUCCEEDED);
        for (final var probe : all) {
            final var at = probe.getStartedAt();
            final long running = all.stream().filter(r -> !r.getStartedAt().isAfter(at) && r.getFinishedAt()
                    .isAfter(at))
                    .count();
            assertThat(running).as("requests running at %s", at).isLessThanOrEqualTo(2);
        }
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
