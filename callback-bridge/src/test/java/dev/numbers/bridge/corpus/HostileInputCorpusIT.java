package dev.numbers.bridge.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.bridge.TestBridge;
import dev.numbers.bridge.corpus.HostileCallbacks.Signing;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One bridge (intake, topology, poller) against the real broker and registry, fed 40-odd kinds of hostile input one
 * after another: signed callbacks with out-of-range values, unsigned and badly signed ones, malformed bodies, junk
 * records written straight to {@code numbers.webhooks.raw} and {@code numbers.results}, and provider poll answers
 * that cannot be mapped. After each one a normal signed callback about a new order must come out as an order state
 * within {@link #SERVED_WITHIN}. Prints {@code input kind -> outcome -> next good one served (ms)} and asserts every
 * row: the expected 4xx (and its rejection counted by reason) or the dead letter with its {@code numbers.error.*}
 * headers, and the good one served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputCorpusIT {

    private static final Duration SERVED_WITHIN = Duration.ofSeconds(30);
    private static final int MAX_BODY_BYTES = 16_384;
    private static final int MAX_ANSWER_BYTES = 4096;
    private static final int MAX_ASSIGNMENTS = 3;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String dlqTopic = "dlq-" + suffix;
    private final List<String> table = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    private final Set<String> statesSeen = new HashSet<>();
    private TestBridge.Topics topics;
    private TestBridge bridge;
    private HostileCallbacks callbacks;
    private JunkTelnyxApi telnyxApi;
    private KafkaProducer<byte[], byte[]> junk;
    private KafkaConsumer<byte[], byte[]> dlqConsumer;
    private KafkaConsumer<String, OrderStateEvent> statesConsumer;
    private ConfluentAvroSerializer<RawWebhook> rawSerializer;
    private ConfluentAvroSerializer<NumberResult> resultSerializer;
    private MeterRegistry meters;
    private int goodOnes;

    @BeforeAll
    void start() throws Exception {
        topics = TestBridge.Topics.unique(suffix, 2);
        final KeyPair telnyxKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        telnyxApi = new JunkTelnyxApi();
        bridge = TestBridge.start(topics, "corpus-" + suffix, Map.ofEntries(
                Map.entry("bridge.webhooks.signalwire-signing-key", HostileCallbacks.SIGNING_KEY),
                // on, and it must change nothing: the one project has a key, so unsigned callbacks are still 401
                Map.entry("bridge.webhooks.allow-unsigned", "true"),
                Map.entry("bridge.webhooks.telnyx-public-key",
                        Base64.getEncoder().encodeToString(telnyxKeys.getPublic().getEncoded())),
                Map.entry("bridge.webhooks.max-body-bytes", MAX_BODY_BYTES),
                Map.entry("bridge.order-state.dead-letter-topic", dlqTopic),
                Map.entry("bridge.order-state.max-assignments-per-order", MAX_ASSIGNMENTS),
                Map.entry("bridge.confirm.enabled", "true"),
                Map.entry("bridge.confirm.poll-after", "1s"),
                Map.entry("bridge.confirm.check-interval", "200ms"),
                Map.entry("bridge.confirm.lookback", "1h"),
                Map.entry("bridge.confirm.group-id", "corpus-poller-" + suffix),
                Map.entry("bridge.confirm.telnyx-base-url", telnyxApi.baseUrl()),
                Map.entry("bridge.confirm.telnyx-api-key", "corpus-key"),
                Map.entry("bridge.confirm.max-answer-bytes", MAX_ANSWER_BYTES)));
        callbacks = new HostileCallbacks(bridge.baseUrl(), telnyxKeys);
        meters = bridge.context().getBean(MeterRegistry.class);
        final var bootstrap = KafkaBroker.shared().bootstrapServers();
        junk = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer());
        final var serdeConfig = SerdeConfig.of(SchemaRegistry.shared().url());
        final var registry = SchemaRegistryClient.http(serdeConfig);
        rawSerializer = new ConfluentAvroSerializer<>(registry, serdeConfig, false);
        resultSerializer = new ConfluentAvroSerializer<>(registry, serdeConfig, false);
        dlqConsumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlqConsumer.subscribe(List.of(dlqTopic));
        statesConsumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(),
                new ConfluentAvroDeserializer<>(OrderStateEvent.class, serdeConfig));
        statesConsumer.subscribe(List.of(topics.states()));
        await().atMost(Duration.ofSeconds(90)).until(() -> bridge.streams().state() == KafkaStreams.State.RUNNING);
        goodOneServed("warm-up");
    }

    private static Map<String, Object> consumerProps() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "corpus-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @AfterAll
    void stop() {
        for (final AutoCloseable c : new AutoCloseable[] {dlqConsumer, statesConsumer, junk, bridge, telnyxApi}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    @Test
    void noHostileInputStopsOrderStates() throws Exception {
        final var started = System.nanoTime();
        signedSignalWireCallbacksWithValuesTheTopologyCannotHold();
        callbacksThatAreNotWhatTheySayTheyAre();
        anOrderGrowingPastItsLimit();
        junkOnTheRawTopic();
        junkOnTheResultsTopic();
        pollAnswersThatDoNotMap();

        System.out.println();
        System.out.printf("%-70s -> %-62s -> %s%n", "input kind", "outcome", "next good one served (ms)");
        table.forEach(System.out::println);
        System.out.printf("%d kinds, %d good callbacks served, %d dead letters read, %d failures, %d s%n%n",
                table.size(), goodOnes, deadLetters.size(), failures.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertThat(failures).isEmpty();
        assertThat(table).hasSizeGreaterThanOrEqualTo(30);
    }

    private void signedSignalWireCallbacksWithValuesTheTopologyCannotHold() throws Exception {
        final var o = "o-" + suffix;
        refused("event_at beyond the epoch-millis range (the issue's case)",
                () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o, "event_at",
                        "\"+999999999-12-31T23:59:59Z\"")), 400, "SIGNALWIRE", "timestamp_out_of_range");
        refused("event_at in a negative year", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "event_at", "\"-0001-01-01T00:00:00Z\"")), 400, "SIGNALWIRE", "timestamp_out_of_range");
        refused("event_at at the epoch (1970)", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "event_at", "\"1970-01-01T00:00:00Z\"")), 400, "SIGNALWIRE", "timestamp_out_of_range");
        refused("event_at in the year 2999", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "event_at", "\"2999-01-01T00:00:00Z\"")), 400, "SIGNALWIRE", "timestamp_out_of_range");
        refused("event_at not a date", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "event_at", "\"yesterday\"")), 400, "SIGNALWIRE", "bad_timestamp");
        refused("event_at without offset", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "event_at", "\"2026-11-29T12:00:00\"")), 400, "SIGNALWIRE", "bad_timestamp");
        refused("event_at as a number", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "event_at", "1764400000")), 400, "SIGNALWIRE", "wrong_type");
        refused("empty order id", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "number_assignment_order_id", "\"\"")), 400, "SIGNALWIRE", "bad_id");
        refused("huge assignment id (10,000 chars)", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "number_assignment_id", "\"" + "a".repeat(10_000) + "\"")), 400, "SIGNALWIRE", "too_long");
        refused("id with quotes and spaces", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "campaign_id", "\"c 1\\\"; drop\"")), 400, "SIGNALWIRE", "bad_id");
        refused("unknown state form (DROP TABLE)", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "state", "\"DROP TABLE\"")), 400, "SIGNALWIRE", "bad_state");
        refused("empty state", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o, "state", "\"\"")),
                400, "SIGNALWIRE", "bad_state");
        refused("state as an object", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o, "state",
                "{\"a\":1}")), 400, "SIGNALWIRE", "wrong_type");
        refused("phone number not E.164", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "phone_number", "\"555-1234\"")), 400, "SIGNALWIRE", "bad_phone_number");
        refused("phone number of 19 digits", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "phone_number", "\"+1234567890123456789\"")), 400, "SIGNALWIRE", "bad_phone_number");
        refused("phone number as a number", () -> callbacks.signalwire(HostileCallbacks.assignmentWith(o,
                "phone_number", "15551230001")), 400, "SIGNALWIRE", "wrong_type");
        refused("required brand_id missing", () -> callbacks.signalwire(HostileCallbacks.assignmentWithout(o,
                "brand_id")), 400, "SIGNALWIRE", "missing_field");
        refused("project_id twice (the key would follow one, the event the other)", () -> callbacks.signalwire(
                HostileCallbacks.assignmentWith(o, "project_id", "\"p-1\",\"project_id\":\"p-2\"")), 400, "SIGNALWIRE",
                "duplicate_field");
    }

    private void callbacksThatAreNotWhatTheySayTheyAre() throws Exception {
        final var valid = HostileCallbacks.orderProcessed("o-" + suffix, Instant.now())
                .getBytes(StandardCharsets.UTF_8);
        refused("unsigned SignalWire callback for a keyed project, allow-unsigned on",
                () -> callbacks.signalwire(valid, "application/json", Signing.UNSIGNED), 401, "SIGNALWIRE",
                        "signature");
        refused("SignalWire callback signed for another URL",
                () -> callbacks.signalwire(valid, "application/json", Signing.WRONG_SIGNATURE), 401, "SIGNALWIRE",
                "signature");
        refused("SignalWire signature not hex",
                () -> callbacks.signalwire(valid, "application/json", Signing.NOT_HEX), 401, "SIGNALWIRE", "signature");
        refused("malformed JSON (signed)", () -> callbacks.signalwire("{\"project_id\":"), 400, "SIGNALWIRE",
                "not_json");
        refused("JSON array instead of an object", () -> callbacks.signalwire("[1,2,3]"), 400, "SIGNALWIRE",
                "not_json");
        refused("empty body (signed)", () -> callbacks.signalwire(""), 400, "SIGNALWIRE", "not_json");
        refused("invalid UTF-8 bytes", () -> callbacks.signalwire(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28,
                '"', ':', '1', '}'}, "application/json", Signing.SIGNED), 400, "SIGNALWIRE", "not_json");
        refused("JSON nested 5,000 deep", () -> callbacks.signalwire("[".repeat(5000) + "]".repeat(5000)), 400,
                "SIGNALWIRE", "not_json");
        refused("content type text/plain", () -> callbacks.signalwire(valid, "text/plain", Signing.SIGNED), 415,
                "SIGNALWIRE", "media_type");
        refused("body over max-body-bytes", () -> callbacks.signalwire(HostileCallbacks.assignmentWith("o-" + suffix,
                "state", "\"" + "x".repeat(MAX_BODY_BYTES) + "\"")), 413, "SIGNALWIRE", "too_large");
        final var now = Instant.now().getEpochSecond();
        final var telnyxOrder = UUID.randomUUID().toString();
        refused("Telnyx occurred_at beyond epoch millis", () -> callbacks.telnyx(HostileCallbacks.telnyxEvent(
                telnyxOrder, "+999999999-12-31T23:59:59Z", "\"success\""), now, true), 400, "TELNYX",
                "timestamp_out_of_range");
        refused("Telnyx status not a word", () -> callbacks.telnyx(HostileCallbacks.telnyxEvent(telnyxOrder,
                Instant.now().toString(), "\"Success!\""), now, true), 400, "TELNYX", "bad_state");
        refused("Telnyx data as a string", () -> callbacks.telnyx("{\"data\":\"x\"}", now, true), 400, "TELNYX",
                "wrong_type");
        refused("unsigned Telnyx webhook", () -> callbacks.telnyx(HostileCallbacks.telnyxEvent(telnyxOrder,
                Instant.now().toString(), "\"success\""), now, false), 401, "TELNYX", "signature");
        refused("Telnyx timestamp beyond any instant", () -> callbacks.telnyx(HostileCallbacks.telnyxEvent(
                telnyxOrder, Instant.now().toString(), "\"success\""), 99_999_999_999_999_999L, true), 401, "TELNYX",
                "signature");
        refused("Telnyx webhook replayed an hour later", () -> callbacks.telnyx(HostileCallbacks.telnyxEvent(
                telnyxOrder, Instant.now().toString(), "\"success\""), now - 3600, true), 401, "TELNYX", "signature");
    }

    private void anOrderGrowingPastItsLimit() {
        final var order = "o-big-" + suffix;
        row("signed callbacks: one more assignment than max-assignments-per-order", () -> {
            for (int i = 0; i <= MAX_ASSIGNMENTS; i++) {
                final var response = callbacks.signalwire(HostileCallbacks.assignmentWith(order,
                        "number_assignment_id", "\"a-" + i + "\""));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
            // raw records are keyed by assignment, so which one arrives last at the order is not fixed: one of them
            final var dead = awaitDeadLetter(r -> Arrays.equals(r.key(), order.getBytes(StandardCharsets.UTF_8))
                    && "processing".equals(header(r, "stage")));
            assertThat(header(dead, "exception")).endsWith("OrderTooLarge");
            return dlqOutcome(dead, "processing");
        });
    }

    private void junkOnTheRawTopic() throws Exception {
        final var raw = topics.raw();
        final var good = rawSerializer.serialize(raw, rawWebhook("o-raw-" + suffix,
                HostileCallbacks.orderProcessed("o-raw-" + suffix, Instant.now())));
        deadLettered("raw: bad magic byte", raw, key("bad-magic"), "{\"not\":\"avro\"}".getBytes(
                StandardCharsets.UTF_8), "deserialization");
        deadLettered("raw: truncated Avro", raw, key("truncated"), Arrays.copyOf(good, good.length / 2),
                "deserialization");
        deadLettered("raw: frame shorter than the header", raw, key("short"), new byte[] {0, 0}, "deserialization");
        deadLettered("raw: unknown schema id", raw, key("unknown-id"), new byte[] {0, 0x7f, (byte) 0xff, 0x7f, 0x01,
                2, 4}, "deserialization");
        deadLettered("raw: another schema's record (NumberResult)", raw, key("other-schema"),
                resultSerializer.serialize(topics.results(), TestBridge.createdOrder("r-" + suffix,
                        Provider.SIGNALWIRE, "o-x")),
                "deserialization");
        deadLettered("raw: tombstone", raw, key("tombstone"), null, "processing");
        deadLettered("raw: tombstone with null key", raw, null, null, "processing");
        deadLettered("raw: out-of-range event_at written past the intake", raw, key("far-event"),
                rawSerializer.serialize(raw, rawWebhook("o-far", HostileCallbacks.assignmentWith("o-far",
                        "event_at", "\"+999999999-12-31T23:59:59Z\""))), "processing");
        deadLettered("raw: body that is not JSON", raw, key("not-json"),
                rawSerializer.serialize(raw, rawWebhook("o-nj", "<xml/>")), "processing");
        final var nullKeyOrder = "o-null-key-" + suffix;
        junk.send(new ProducerRecord<>(raw, null, rawSerializer.serialize(raw, rawWebhook(nullKeyOrder,
                HostileCallbacks.orderProcessed(nullKeyOrder, Instant.now()))))).get();
        row("raw: valid record with a null key", () -> {
            awaitState(nullKeyOrder);
            return "order state emitted (re-keyed by order id)";
        });
    }

    private void junkOnTheResultsTopic() throws Exception {
        final var results = topics.results();
        deadLettered("results: bad magic byte", results, key("res-bad-magic"), "junk".getBytes(
                StandardCharsets.UTF_8), "deserialization");
        deadLettered("results: another schema's record (RawWebhook)", results, key("res-other"),
                rawSerializer.serialize(topics.raw(), rawWebhook("o-y", "{}")), "deserialization");
        deadLettered("results: truncated Avro", results, key("res-truncated"), Arrays.copyOf(
                resultSerializer.serialize(results, TestBridge.createdOrder("r-t", Provider.SIGNALWIRE, "o-t")), 8),
                        "deserialization");
    }

    private void pollAnswersThatDoNotMap() throws Exception {
        polledJunk("poll: answer is not JSON", "<html>502</html>".getBytes(StandardCharsets.UTF_8), "poll");
        polledJunk("poll: status is a number", "{\"data\":{\"id\":\"x\",\"status\":7}}".getBytes(
                StandardCharsets.UTF_8), "poll");
        polledJunk("poll: answer larger than max-answer-bytes", ("{\"data\":{\"status\":\"success\",\"pad\":\""
                + "x".repeat(MAX_ANSWER_BYTES * 2) + "\"}}").getBytes(StandardCharsets.UTF_8), "poll");
        polledJunk("poll: status not a word (reaches the topology)",
                "{\"data\":{\"id\":\"%s\",\"status\":\"Done!\"}}", "processing");
        polledJunk("poll: order without id (reaches the topology)", "{\"data\":{\"status\":\"success\"}}"
                .getBytes(StandardCharsets.UTF_8), "processing");
    }

    // ---- rows

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    @FunctionalInterface
    private interface Outcome {
        String observe() throws Exception;
    }

    private void refused(final String kind, final Call call, final int status, final String provider,
            final String reason) {
        row(kind, () -> {
            final var before = rejected(provider, reason);
            final var response = call.send();
            assertThat(response.statusCode()).as("%s: %s", kind, response.body()).isEqualTo(status);
            assertThat(response.body()).as(kind).contains("\"error\"");
            assertThat(rejected(provider, reason)).as("bridge.webhooks.rejected{reason=%s}", reason)
                    .isEqualTo(before + 1);
            return status + " " + reason + ": " + cut(response.body(), 40);
        });
    }

    private void deadLettered(final String kind, final String topic, final byte[] key, final byte[] value,
            final String stage) {
        row(kind, () -> {
            junk.send(new ProducerRecord<>(topic, key, value)).get();
            final var dead = awaitDeadLetter(r -> Arrays.equals(r.key(), key) && Arrays.equals(r.value(), value)
                    && topic.equals(header(r, "topic")));
            return dlqOutcome(dead, stage);
        });
    }

    private void polledJunk(final String kind, final byte[] answer, final String stage) {
        final var order = UUID.randomUUID().toString();
        polled(kind, order, answer, stage);
    }

    private void polledJunk(final String kind, final String answerWithOrderId, final String stage) {
        final var order = UUID.randomUUID().toString();
        polled(kind, order, answerWithOrderId.formatted(order).getBytes(StandardCharsets.UTF_8), stage);
    }

    private void polled(final String kind, final String order, final byte[] answer, final String stage) {
        row(kind, () -> {
            telnyxApi.answer(order, answer);
            TestBridge.publishCreatedOrder(topics.results(), "req-" + order, Provider.TELNYX, order);
            final var dead = awaitDeadLetter(r -> Arrays.equals(r.key(), order.getBytes(StandardCharsets.UTF_8))
                    && stage.equals(header(r, "stage")));
            return dlqOutcome(dead, stage);
        });
    }

    private String dlqOutcome(final ConsumerRecord<byte[], byte[]> dead, final String stage) {
        assertThat(header(dead, "stage")).isEqualTo(stage);
        assertThat(header(dead, "exception")).isNotBlank();
        assertThat(header(dead, "message")).isNotBlank();
        assertThat(header(dead, "partition")).isNotNull();
        assertThat(header(dead, "offset")).isNotNull();
        return "DLQ " + stage + ": " + cut(header(dead, "message"), 48);
    }

    private void row(final String kind, final Outcome outcome) {
        String observed;
        try {
            observed = outcome.observe();
        } catch (Throwable e) {
            observed = "UNEXPECTED: " + cut(String.valueOf(e.getMessage()), 80);
            failures.add(kind + ": " + e.getMessage());
        }
        String served;
        try {
            served = goodOneServed(kind) + " ms";
        } catch (Throwable e) {
            served = "NOT SERVED";
            failures.add(kind + ": the next good callback was not served: " + e.getMessage());
        }
        table.add(String.format("%-70s -> %-62s -> %s", kind, observed.replace('\n', ' '), served));
    }

    /** A normal signed callback about a new order; returns how long until its order state was read. */
    private long goodOneServed(final String after) throws Exception {
        final var order = "good-" + (++goodOnes) + "-" + suffix;
        final var started = System.nanoTime();
        final var response = callbacks.signalwire(HostileCallbacks.orderProcessed(order, Instant.now()));
        assertThat(response.statusCode()).as("good callback after %s: %s", after, response.body()).isEqualTo(200);
        awaitState(order);
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    private void awaitState(final String orderId) {
        await().atMost(SERVED_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
            statesConsumer.poll(Duration.ofMillis(100)).forEach(r -> statesSeen.add(r.key()));
            return statesSeen.contains(orderId);
        });
    }

    private ConsumerRecord<byte[], byte[]> awaitDeadLetter(final Predicate<ConsumerRecord<byte[], byte[]>> match) {
        final var found = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        await().atMost(SERVED_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
            dlqConsumer.poll(Duration.ofMillis(100)).forEach(deadLetters::add);
            deadLetters.stream().filter(match).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private double rejected(final String provider, final String reason) {
        final var counter = meters.find("bridge.webhooks.rejected").tag("provider", provider).tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final var header = record.headers().lastHeader("numbers.error." + name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A key unique to this run. */
    private byte[] key(final String name) {
        return (name + "-" + suffix).getBytes(StandardCharsets.UTF_8);
    }

    private static String cut(final String text, final int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    private static RawWebhook rawWebhook(final String objectId, final String body) {
        return RawWebhook.newBuilder()
                .setProvider(Provider.SIGNALWIRE)
                .setObjectId(objectId)
                .setUrl("http://127.0.0.1/webhooks/signalwire/10dlc")
                .setReceivedAt(Instant.now())
                .setHeaders(Map.of("content-type", "application/json"))
                .setBody(body)
                .setSignatureVerified(true)
                .build();
    }
}
