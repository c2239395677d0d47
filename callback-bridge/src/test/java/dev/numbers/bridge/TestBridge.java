package dev.numbers.bridge;

import dev.numbers.bridge.orderstate.OrderView;
import dev.numbers.bridge.orderstate.OrderStateStreams;
import dev.numbers.bridge.orderstate.OrderTopology;
import dev.numbers.harness.FreePorts;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ReleasedResource;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * One whole bridge (HTTP server, intake, order-state topology) in the test JVM on a free port, against the shared
 * broker and registry. Several may run side by side: each has its own port and state directory.
 */
public final class TestBridge implements AutoCloseable {

    /** The topics one test uses; created with {@code partitions} partitions each. */
    public record Topics(String raw, String results, String states, String objects) {

        /** Creates all but {@code objects}, which the bridge creates at start-up as it does in production. */
        public static Topics unique(final String suffix, final int partitions) {
            final var topics = new Topics("raw-" + suffix, "results-" + suffix, "states-" + suffix,
                    "objects-" + suffix);
            final var broker = KafkaBroker.shared();
            broker.createTopic(topics.raw(), partitions);
            broker.createTopic(topics.results(), partitions);
            broker.createTopic(topics.states(), partitions);
            return topics;
        }
    }

    private final ApplicationContext context;
    private final String baseUrl;
    private final String managementUrl;

    private TestBridge(final ApplicationContext context, final String baseUrl, final String managementUrl) {
        this.context = context;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
    }

    /**
     * Starts a bridge whose public base URL is its own loopback address, so the URL a provider signs is the URL it
     * calls. {@code extra} adds or overrides configuration (signing keys, advertised URL, ...).
     */
    public static TestBridge start(final Topics topics, final String applicationId, final Map<String, Object> extra)
            throws IOException {
        return start(topics, applicationId, extra, false);
    }

    /** As {@link #start}, and advertises its own base URL to the other instances of {@code applicationId}. */
    public static TestBridge startOneOfSeveral(final Topics topics, final String applicationId,
            final Map<String, Object> extra) throws IOException {
        return start(topics, applicationId, extra, true);
    }

    private static TestBridge start(final Topics topics, final String applicationId, final Map<String, Object> extra,
            final boolean advertise) throws IOException {
        final var port = FreePorts.next();
        final var baseUrl = "http://127.0.0.1:" + port;
        final var managementPort = FreePorts.next();
        final var managementUrl = "http://127.0.0.1:" + managementPort;
        final var props = new HashMap<String, Object>();
        if (advertise) {
            // the instances redirect GET /orders/{id} to each other, and /orders is on the management port
            props.put("bridge.order-state.advertised-url", managementUrl);
        }
        props.put("micronaut.server.port", port);
        props.put("bridge.management.port", managementPort);
        props.put("bridge.webhooks.public-base-url", baseUrl);
        props.put("bridge.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
        props.put("bridge.kafka.registry-url", SchemaRegistry.shared().url());
        props.put("bridge.kafka.raw-topic", topics.raw());
        props.put("bridge.order-state.application-id", applicationId);
        props.put("bridge.order-state.results-topic", topics.results());
        props.put("bridge.order-state.order-states-topic", topics.states());
        props.put("bridge.order-state.object-states-topic", topics.objects());
        props.put("bridge.order-state.state-dir", Files.createTempDirectory("bridge-state").toString());
        props.putAll(extra);
        final var context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
        return new TestBridge(context, baseUrl, managementUrl);
    }

    /** The public port: {@code /webhooks/*} only. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The management port: {@code /health}, {@code /prometheus}, {@code /orders/{id}}. */
    public String managementUrl() {
        return managementUrl;
    }

    public ApplicationContext context() {
        return context;
    }

    public KafkaStreams streams() {
        return context.getBean(OrderStateStreams.class).streams();
    }

    /** Whether the topology already knows which request created the order (it read the connector's result). */
    public boolean knowsRequestOf(final String orderId) {
        try {
            final var view = streams().store(StoreQueryParameters.fromNameAndType(OrderTopology.ORDER_STATES_STORE,
                    QueryableStoreTypes.<String, OrderView>keyValueStore())).get(orderId);
            return view != null && view.requestId() != null;
        } catch (RuntimeException rebalancingOrNotRunning) {
            return false;
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** The connector's SUCCEEDED result for a created order. */
    public static NumberResult createdOrder(final String requestId, final Provider provider, final String orderId) {
        final var now = Instant.now();
        return NumberResult.newBuilder()
                .setRequestId(requestId)
                .setProvider(provider)
                .setOperation(provider == Provider.TELNYX ? OperationType.TELNYX_CREATE_NUMBER_ORDER
                        : OperationType.CREATE_ASSIGNMENT_ORDER)
                .setStatus(ResultStatus.SUCCEEDED)
                .setResource(provider == Provider.TELNYX
                        ? TelnyxNumberOrder.newBuilder().setId(orderId).setStatus("pending").build()
                        : AssignmentOrder.newBuilder().setId(orderId).setState("pending").build())
                .setErrors(List.of())
                .setAttempts(1)
                .setStartedAt(now)
                .setFinishedAt(now)
                .build();
    }

    /** Publishes the connector's SUCCEEDED result for a created order, with the real serde and registry. */
    public static void publishCreatedOrder(final String resultsTopic, final String requestId, final Provider provider,
            final String orderId) throws InterruptedException, ExecutionException {
        publishCreatedOrder(resultsTopic, requestId, provider, orderId, null);
    }

    /** As above, with the W3C {@code traceparent} header the connector puts on a result (null: none). */
    public static void publishCreatedOrder(final String resultsTopic, final String requestId, final Provider provider,
            final String orderId, final String traceparent) throws InterruptedException, ExecutionException {
        publishResult(resultsTopic, createdOrder(requestId, provider, orderId), traceparent);
    }

    /** The connector's SUCCEEDED release of a number ({@code kind} phone_number) or deletion of an assignment. */
    public static NumberResult released(final String requestId, final String kind, final String id,
            final String number) {
        final var result = createdOrder(requestId, Provider.SIGNALWIRE, "unused");
        result.setOperation("phone_number".equals(kind) ? OperationType.RELEASE_PHONE_NUMBER
                : OperationType.DELETE_NUMBER_ASSIGNMENT);
        result.setResource(ReleasedResource.newBuilder().setKind(kind).setId(id).setNumber(number)
                .setAlreadyGone(false).build());
        return result;
    }

    /** Publishes one of the connector's results, with the real serde and registry (traceparent null: none). */
    public static void publishResult(final String resultsTopic, final NumberResult result, final String traceparent)
            throws InterruptedException, ExecutionException {
        final var serdeConfig = SerdeConfig.of(SchemaRegistry.shared().url());
        final var serializer = new ConfluentAvroSerializer<NumberResult>(SchemaRegistryClient.http(serdeConfig),
                serdeConfig, false);
        final var requestId = result.getRequestId().toString();
        final var props = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serializer)) {
            final var record = new ProducerRecord<>(resultsTopic, requestId, result);
            if (traceparent != null) {
                record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        }
    }
}
