package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.bridge.TestBridge;
import dev.numbers.bridge.deadletter.DeadLetterHandlers;
import dev.numbers.bridge.deadletter.WebhookDeadLetters;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.avro.StateSource;
import dev.numbers.schemas.serde.InMemorySchemaRegistry;
import dev.numbers.schemas.serde.SerdeConfig;
import dev.numbers.schemas.tracing.TraceHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order-state topology on {@link TopologyTestDriver}: no broker, no registry process (the Avro serde talks to an
 * in-memory registry client), milliseconds per test. What the ITs show end to end over HTTP and Kafka
 * ({@code OrderLifeIT}, {@code ReleaseStatesIT}, the corpus) is pinned here record by record.
 */
class OrderTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final OrderTopology.Topics TOPICS = new OrderTopology.Topics("raw", "results", "states",
            "objects");
    private static final String DLQ = "dlq";
    private static final Duration DEDUPE_WINDOW = Duration.ofHours(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, RawWebhook> raw;
    private TestInputTopic<String, NumberResult> results;
    private TestOutputTopic<String, OrderStateEvent> states;
    private TestOutputTopic<String, OrderStateEvent> objects;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() throws Exception {
        final var registry = new InMemorySchemaRegistry();
        final var serdeConfig = SerdeConfig.of("http://in-memory.invalid");
        final var serdes = OrderSerdes.of(registry, serdeConfig, error -> { });
        final var tracer = OpenTelemetry.noop().getTracer("order-topology-test");
        final var topology = OrderTopology.build(TOPICS, serdes, new OrderStateLag(meters, Clock.systemUTC()), tracer,
                FieldRules.defaults(), 3, DEDUPE_WINDOW);
        final var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("order-topology-test").toString());
        DeadLetterHandlers.configure(props, new WebhookDeadLetters(DLQ, meters));
        driver = new TopologyTestDriver(topology, props);
        raw = driver.createInputTopic(TOPICS.rawWebhooks(), new StringSerializer(), serdes.raw().serializer());
        results = driver.createInputTopic(TOPICS.results(), new StringSerializer(), serdes.results().serializer());
        states = driver.createOutputTopic(TOPICS.orderStates(), new StringDeserializer(),
                serdes.events().deserializer());
        objects = driver.createOutputTopic(TOPICS.objectStates(), new StringDeserializer(),
                serdes.events().deserializer());
        deadLetters = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aRedeliveredCallbackIsEmittedOnce() {
        final var pending = assignment("o1", "a1", "pending", 1);
        webhook("a1", pending);
        webhook("a1", pending);
        webhook("a1", pending);

        assertThat(transitions(states.readValuesToList())).containsExactly("a1 null->pending");
    }

    @Test
    void aLateStaleCallbackNeitherMovesTheStateBackNorIsEmitted() {
        webhook("a1", assignment("o1", "a1", "pending", 2));
        webhook("a1", assignment("o1", "a1", "completed", 6));
        webhook("a1", assignment("o1", "a1", "pending", 0));

        assertThat(transitions(states.readValuesToList())).containsExactly("a1 null->pending", "a1 pending->completed");
        assertThat(view("o1").assignments().get("a1").state()).isEqualTo("completed");
    }

    @Test
    void everyEventCarriesTheStateItReplacedPerObject() {
        webhook("a1", assignment("o1", "a1", "pending", 1));
        webhook("a2", assignment("o1", "a2", "pending", 2));
        webhook("a2", assignment("o1", "a2", "failed", 3));
        webhook("a2", assignment("o1", "a2", "pending", 4));
        webhook("a1", assignment("o1", "a1", "completed", 5));
        webhook("o1", order("o1", "processed", 6));

        final var events = states.readKeyValuesToList();
        assertThat(events).allSatisfy(e -> assertThat(e.key).isEqualTo("o1"));
        assertThat(transitions(events.stream().map(e -> e.value).toList())).containsExactly("a1 null->pending",
                "a2 null->pending", "a2 pending->failed", "a2 failed->pending", "a1 pending->completed",
                "o1 null->processed");
        final var view = view("o1");
        assertThat(view.state()).isEqualTo("processed");
        assertThat(view.assignments()).containsOnlyKeys("a1", "a2");
    }

    @Test
    void anOrderTheConnectorCreatedCarriesItsRequestIdAndContinuesItsTrace() {
        final var traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        final var created = new RecordHeaders();
        created.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        results.pipeInput(new TestRecord<>("req-1",
                TestBridge.createdOrder("req-1", Provider.SIGNALWIRE, "o1"), created));
        webhook("a1", assignment("o1", "a1", "pending", 1));
        webhook("o2", order("o2", "processed", 2));

        final var events = states.readRecordsToList();
        assertThat(events).hasSize(2);
        final var correlated = events.get(0);
        assertThat(correlated.value().getRequestId()).hasToString("req-1");
        final var header = new String(correlated.headers().lastHeader(TraceHeaders.TRACEPARENT).value(),
                StandardCharsets.UTF_8);
        assertThat(TraceHeaders.traceId(header)).isEqualTo(TraceHeaders.traceId(traceparent));
        assertThat(view("o1").requestId()).isEqualTo("req-1");

        final var uncorrelated = events.get(1);
        assertThat(uncorrelated.value().getRequestId()).as("an order nobody asked this connector for").isNull();
        assertThat(uncorrelated.headers().lastHeader(TraceHeaders.TRACEPARENT)).isNull();
    }

    @Test
    void aTelnyxOrderEventBecomesTheOrdersState() {
        results.pipeInput("req-t", TestBridge.createdOrder("req-t", Provider.TELNYX, "t1"));
        webhook("t1", Provider.TELNYX, """
                {"data":{"id":"e-1","event_type":"number_order.complete","occurred_at":"%s","record_type":"event",
                 "payload":{"id":"t1","status":"success"}}}""".formatted(T0));

        final var event = states.readValue();
        assertThat(event.getProvider()).isEqualTo(Provider.TELNYX);
        assertThat(event.getState()).hasToString("success");
        assertThat(event.getPreviousState()).isNull();
        assertThat(event.getRequestId()).hasToString("req-t");
        assertThat(event.getSource()).isEqualTo(StateSource.WEBHOOK);
    }

    @Test
    void aReleaseResultIsTheNumbersStateKeyedByTheNumber() {
        results.pipeInput("req-r", TestBridge.released("req-r", "phone_number", "pn-1", "+15551230001"));

        final var event = states.readKeyValue();
        assertThat(event.key).isEqualTo("+15551230001");
        assertThat(event.value.getState()).hasToString("released");
        assertThat(event.value.getSource()).isEqualTo(StateSource.RESULT);
        assertThat(driver.getKeyValueStore(OrderTopology.ORDER_STATES_STORE).get("unused"))
                .as("a release creates no order").isNull();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheNextOneStillProcessed() {
        webhook("o1", "{\"not\":\"a callback\"");
        webhook("a1", assignment("o1", "a1", "pending", 1));

        final var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("numbers.error.topic").value(),
                StandardCharsets.UTF_8)).isEqualTo(TOPICS.rawWebhooks());
        assertThat(transitions(states.readValuesToList())).containsExactly("a1 null->pending");
        System.out.println("dead-lettered " + dead.size() + ", counted "
                + meters.find("bridge.webhooks.dlq").counter().count());
    }

    @Test
    void anOrderPastItsAssignmentLimitIsDeadLetteredNotGrown() {
        for (var i = 1; i <= 4; i++) {
            webhook("a" + i, assignment("o1", "a" + i, "pending", i));
        }

        assertThat(transitions(states.readValuesToList()))
                .containsExactly("a1 null->pending", "a2 null->pending", "a3 null->pending");
        assertThat(deadLetters.readRecordsToList()).hasSize(1);
        assertThat(view("o1").assignments()).containsOnlyKeys("a1", "a2", "a3");
    }

    @Test
    void anAssignmentCallbackWithoutItsOwnIdIsDeadLetteredAndMovesNoOrder() {
        webhook("o1", order("o1", "processed", 1).replace("number_assignment_order_processed",
                "number_assignment_activated").replace("\"number_assignment_order\"", "\"number_assignment\""));
        webhook("a1", assignment("o1", "a1", "pending", 2));

        final var dead = deadLetters.readRecordsToList();
        assertThat(dead).as("the callback model names number_assignment_id in every assignment event").hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("numbers.error.message").value(),
                StandardCharsets.UTF_8)).contains("names no number_assignment id");
        assertThat(meters.find("bridge.webhooks.dlq").counter().count()).isEqualTo(1.0);
        assertThat(transitions(states.readValuesToList())).containsExactly("a1 null->pending");
        assertThat(view("o1").state()).as("the order did not move").isNull();
    }

    @Test
    void everyEventSaysWhetherItsCallbackWasSigned() {
        webhook("a1", assignment("o1", "a1", "pending", 1));
        unsignedWebhook("a2", assignment("o1", "a2", "pending", 2));

        final var events = states.readValuesToList();
        assertThat(events).extracting(OrderStateEvent::getSignatureVerified).containsExactly(true, false);
    }

    @Test
    void theLatestCallbackReplayedAfterMoreNewerEventsThanTheOldCountIsNotEmittedAgain() {
        final var replayed = assignment("o1", "a0", "pending", 0);
        webhook("a0", replayed);
        for (int i = 1; i <= 1_000; i++) {
            webhook("a" + (i % 3 == 0 ? 1 : 2), assignment("o1", "a" + (i % 3 == 0 ? 1 : 2), "pending", i));
        }
        states.readValuesToList();

        webhook("a0", replayed);

        assertThat(states.readValuesToList()).isEmpty();
    }

    @Test
    void aReplayAfterTheDedupeWindowIsStillNotEmittedForItIsNotNewer() {
        final var callback = assignment("o1", "a1", "pending", 1);
        webhook("a1", callback, T0);
        webhook("a2", assignment("o1", "a2", "pending", 2), T0.plus(DEDUPE_WINDOW).plusSeconds(60));
        assertThat(view("o1").seenEvents()).as("the first key is forgotten after the window").hasSize(1);
        states.readValuesToList();

        webhook("a1", callback, T0.plus(DEDUPE_WINDOW).plusSeconds(120));

        assertThat(states.readValuesToList()).isEmpty();
    }

    @Test
    void anEventAtTheSameTimeAsTheKnownStateIsNotNewer() {
        webhook("a1", assignment("o1", "a1", "pending", 1));
        webhook("a1", assignment("o1", "a1", "failed", 1));

        assertThat(transitions(states.readValuesToList())).containsExactly("a1 null->pending");
        assertThat(view("o1").assignments().get("a1").state()).isEqualTo("pending");
    }

    @Test
    void eventsBeforeTheConnectorsResultAreReEmittedOnceWithItsRequestId() {
        final var traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        webhook("a1", assignment("o1", "a1", "pending", 1));
        webhook("a1", assignment("o1", "a1", "completed", 2));
        webhook("o1", order("o1", "processed", 3));
        assertThat(states.readValuesToList()).extracting(OrderStateEvent::getRequestId).containsOnlyNulls();

        final var created = new RecordHeaders();
        created.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        results.pipeInput(new TestRecord<>("req-1", TestBridge.createdOrder("req-1", Provider.SIGNALWIRE, "o1"),
                created));
        final var again = states.readRecordsToList();
        assertThat(again).extracting(r -> r.value().getObjectId() + " " + r.value().getPreviousState() + "->"
                + r.value().getState()).containsExactly("a1 pending->completed", "o1 null->processed");
        assertThat(again).allSatisfy(r -> {
            assertThat(r.value().getRequestId()).isEqualTo("req-1");
            assertThat(TraceHeaders.traceId(new String(r.headers().lastHeader(TraceHeaders.TRACEPARENT).value(),
                    StandardCharsets.UTF_8))).isEqualTo(TraceHeaders.traceId(traceparent));
        });

        // once: the same result again, or the next event, re-emits nothing old
        results.pipeInput("req-1", TestBridge.createdOrder("req-1", Provider.SIGNALWIRE, "o1"));
        webhook("a2", assignment("o1", "a2", "pending", 4));
        assertThat(states.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.getObjectId()).isEqualTo("a2");
            assertThat(e.getRequestId()).isEqualTo("req-1");
        });
    }

    @Test
    void aBrandAndACampaignLiveTheirOwnLivesKeyedByTheirOwnIdsToTheirFinalStates() {
        webhook("b-7", tenDlc("brand", "brand_unverified", "unverified", "b-7", null, 1));
        webhook("b-7", tenDlc("brand", "brand_activated", "activated", "b-7", null, 2));
        webhook("c-7", tenDlc("campaign", "campaign_activated", "active", "b-7", "c-7", 3));
        webhook("c-7", tenDlc("campaign", "campaign_deactivated", "deactivated", "b-7", "c-7", 4));

        assertThat(states.isEmpty()).as("an order consumer sees no brand or campaign").isTrue();
        final var events = objects.readKeyValuesToList();
        assertThat(events).extracting(e -> e.key + " " + e.value.getPreviousState() + "->" + e.value.getState() + " "
                + e.value.getFinalState()).containsExactly("b-7 null->unverified true",
                "b-7 unverified->activated true", "c-7 null->active false", "c-7 active->deactivated true");
        assertThat(view("b-7").kind()).isEqualTo("brand");
        assertThat(view("b-7").finalState()).isTrue();
        assertThat(view("c-7").kind()).isEqualTo("campaign");
        assertThat(view("c-7").state()).isEqualTo("deactivated");
        assertThat(view("c-7").finalState()).isTrue();
    }

    @Test
    void theServedStateHasItsHistoryAndSignatureButNoneOfTheStoresBookkeeping() throws Exception {
        webhook("b-7", tenDlc("brand", "brand_unverified", "unverified", "b-7", null, 1));
        unsignedWebhook("b-7", tenDlc("brand", "brand_activated", "activated", "b-7", null, 2));
        webhook("b-7", tenDlc("brand", "brand_activated", "activated", "b-7", null, 2));

        final var served = JsonSerde.JSON.readTree(JsonSerde.JSON.writeValueAsString(ObjectState.of(view("b-7"))));
        assertThat(served.get("state").asText()).isEqualTo("activated");
        assertThat(served.get("updatedAt").asText()).isEqualTo(T0.plusSeconds(120).toString());
        assertThat(served.get("signatureVerified").asBoolean()).as("set by the unsigned callback").isFalse();
        assertThat(served.get("history")).extracting(c -> c.get("previousState").asText() + "->"
                + c.get("state").asText() + " " + c.get("eventAt").asText() + " " + c.get("signatureVerified"))
                .containsExactly("null->unverified " + T0.plusSeconds(60) + " true",
                        "unverified->activated " + T0.plusSeconds(120) + " false");
        assertThat(served.has("seenEvents")).isFalse();
        assertThat(served.has("uncorrelated")).isFalse();
        assertThat(served.has("traceparent")).isFalse();
        assertThat(view("b-7").seenEvents()).as("the store still dedupes").hasSize(2);
    }

    @Test
    void anObjectsHistoryKeepsItsLatestTransitionsOnly() {
        for (var minute = 1; minute <= OrderView.MAX_HISTORY + 5; minute++) {
            webhook("c-8", tenDlc("campaign", "campaign_activated", "s" + minute, "b-8", "c-8", minute));
        }

        final var history = view("c-8").history();
        assertThat(history).hasSize(OrderView.MAX_HISTORY);
        assertThat(history.get(0).state()).isEqualTo("s6");
        assertThat(history.get(OrderView.MAX_HISTORY - 1).state()).isEqualTo("s" + (OrderView.MAX_HISTORY + 5));
    }

    @Test
    void anAssignmentOrderIsFinalOnceProcessedAndItsAssignmentsOnceActivated() {
        webhook("a1", assignment("o1", "a1", "pending", 1));
        webhook("a1", assignment("o1", "a1", "completed", 2));
        webhook("o1", order("o1", "processed", 3));

        assertThat(states.readValuesToList()).extracting(OrderStateEvent::getFinalState)
                .containsExactly(false, true, true);
        assertThat(view("o1").kind()).isEqualTo("number_assignment_order");
        assertThat(view("o1").finalState()).isTrue();
    }

    @Test
    void aNumberAssignmentLivesUnderItsOwnIdToItsFinalStateBesideItsOrdersSummary() {
        webhook("a1", assignment("o1", "a1", "pending", 1));
        webhook("a1", assignment("o1", "a1", "failed", 2));
        webhook("a1", assignment("o1", "a1", "pending", 3));
        webhook("a1", assignment("o1", "a1", "completed", 4));

        final var events = states.readKeyValuesToList();
        assertThat(events).as("each event once on the topic, under its order")
                .extracting(e -> e.key + " " + e.value.getPreviousState() + "->" + e.value.getState() + " "
                        + e.value.getFinalState())
                .containsExactly("o1 null->pending false", "o1 pending->failed false", "o1 failed->pending false",
                        "o1 pending->completed true");
        final var own = view("a1");
        assertThat(own.kind()).isEqualTo("number_assignment");
        assertThat(own.state()).isEqualTo("completed");
        assertThat(own.finalState()).isTrue();
        assertThat(own.assignments()).isEmpty();
        assertThat(view("o1").assignments().get("a1").state()).as("the order keeps its summary").isEqualTo("completed");
        assertThat(view("o1").finalState()).as("the order is not processed yet").isFalse();
    }

    @Test
    void aFailedNumberAssignmentIsNotFinalAndAStaleCallbackDoesNotMoveItBack() {
        webhook("a1", assignment("o1", "a1", "failed", 2));
        webhook("a1", assignment("o1", "a1", "pending", 1));

        assertThat(view("a1").state()).isEqualTo("failed");
        assertThat(view("a1").finalState()).isFalse();
    }

    @Test
    void anAssignmentsOwnLifeIsNotReEmittedWhenItsOrdersRequestArrives() {
        webhook("a1", assignment("o1", "a1", "pending", 1));
        states.readValuesToList();

        results.pipeInput("req-1", TestBridge.createdOrder("req-1", Provider.SIGNALWIRE, "o1"));

        assertThat(states.readKeyValuesToList()).extracting(e -> e.key + " " + e.value.getRequestId())
                .containsExactly("o1 req-1");
        assertThat(view("a1").uncorrelated()).isEmpty();
    }

    @Test
    void aReleaseIsServedUnderItsNumberAsFinalAndEmittedOnce() {
        results.pipeInput("req-r", TestBridge.released("req-r", "phone_number", "pn-1", "+15551230001"));

        assertThat(states.readKeyValuesToList()).extracting(e -> e.key + " " + e.value.getState())
                .containsExactly("+15551230001 released");
        final var served = view("+15551230001");
        assertThat(served.kind()).isEqualTo("release");
        assertThat(served.state()).isEqualTo("released");
        assertThat(served.finalState()).isTrue();
    }

    @Test
    void anAssignmentDeletionNamedOnlyByItsIdIsServedUnderThatId() {
        results.pipeInput("req-d", TestBridge.released("req-d", "number_assignment", "na-9", null));

        assertThat(states.readKeyValuesToList()).extracting(e -> e.key + " " + e.value.getState() + " "
                + e.value.getFinalState()).containsExactly("na-9 deleted true");
        assertThat(view("na-9").kind()).isEqualTo("release");
        assertThat(view("na-9").state()).isEqualTo("deleted");
    }

    @Test
    void telnyxBrandAndCampaignUpdatesJoinTheBrandAndCampaignLivesNeverFinal() {
        webhook("tb-1", Provider.TELNYX, telnyx10Dlc("10dlc.brand.update", "brandId", "tb-1", "success", 1));
        webhook("tc-1", Provider.TELNYX, telnyx10Dlc("10dlc.campaign.update", "campaignId", "tc-1", "ACCEPTED", 2));
        webhook("tc-1", Provider.TELNYX, telnyx10Dlc("10dlc.campaign.update", "campaignId", "tc-1", "REJECTED", 3));

        assertThat(states.isEmpty()).isTrue();
        assertThat(objects.readKeyValuesToList()).extracting(e -> e.key + " " + e.value.getCategory() + " "
                + e.value.getPreviousState() + "->" + e.value.getState() + " " + e.value.getFinalState())
                .containsExactly("tb-1 brand null->success false",
                        "tc-1 campaign null->accepted false", "tc-1 campaign accepted->rejected false");
        assertThat(deadLetters.readRecordsToList()).as("read, not refused").isEmpty();
        assertThat(view("tb-1").kind()).isEqualTo("brand");
        assertThat(view("tc-1").kind()).isEqualTo("campaign");
        assertThat(view("tc-1").provider()).isEqualTo("TELNYX");
    }

    @Test
    void aTelnyxPhoneNumberUpdateIsANumberAssignmentKeyedByTheNumberUntilTheConnectorDeletesIt() {
        final var number = "+15551230007";
        webhook(number, Provider.TELNYX, telnyxPhoneNumber(number, "PENDING_ASSIGNMENT", 1));
        webhook(number, Provider.TELNYX, telnyxPhoneNumber(number, "ASSIGNED", 2));
        webhook(number, Provider.TELNYX, telnyxPhoneNumber(number, "ASSIGNED", 2));

        assertThat(states.isEmpty()).as("no order holds it").isTrue();
        assertThat(objects.readKeyValuesToList()).extracting(e -> e.key + " " + e.value.getCategory() + " "
                + e.value.getPreviousState() + "->" + e.value.getState() + " " + e.value.getFinalState() + " "
                + e.value.getPhoneNumber() + " " + e.value.getCampaignId())
                .containsExactly(number + " number_assignment null->pending_assignment false " + number + " tc-1",
                        number + " number_assignment pending_assignment->assigned false " + number + " tc-1");
        final var assigned = view(number);
        assertThat(assigned.kind()).isEqualTo("number_assignment");
        assertThat(assigned.provider()).isEqualTo("TELNYX");
        assertThat(assigned.finalState()).as("Telnyx may unassign it again").isFalse();

        results.pipeInput("req-d", TestBridge.released("req-d", "number_assignment", "na-7", number));

        final var deleted = view(number);
        assertThat(deleted.kind()).as("the same life, ended by the connector").isEqualTo("number_assignment");
        assertThat(deleted.state()).isEqualTo("deleted");
        assertThat(deleted.finalState()).isTrue();
    }

    private static String telnyxPhoneNumber(final String number, final String status, final int minute) {
        return """
                {"data":{"id":"e-%s-%d","event_type":"10dlc.phone_number.update","occurred_at":"%s",
                 "record_type":"event","payload":{"phoneNumber":"%s","campaignId":"tc-1","status":"%s",
                 "type":"ASSIGNMENT"}}}""".formatted(number.substring(1), minute, T0.plusSeconds(60L * minute), number,
                status);
    }

    private static String telnyx10Dlc(final String eventType, final String idField, final String id,
            final String status, final int minute) {
        return """
                {"data":{"id":"e-%s-%d","event_type":"%s","occurred_at":"%s","record_type":"event",
                 "payload":{"%s":"%s"%s,"status":"%s","type":"REGISTRATION"}}}"""
                .formatted(id, minute, eventType, T0.plusSeconds(60L * minute), idField, id,
                        "brandId".equals(idField) ? "" : ",\"brandId\":\"tb-1\"", status);
    }

    private static String tenDlc(final String category, final String eventType, final String state,
            final String brandId, final String campaignId, final int minute) {
        return TenDlcBodies.brandOrCampaign(category, eventType, state, brandId, campaignId,
                T0.plusSeconds(60L * minute));
    }

    private void webhook(final String objectId, final String body) {
        webhook(objectId, Provider.SIGNALWIRE, body);
    }

    private void webhook(final String objectId, final String body, final Instant receivedAt) {
        raw.pipeInput(objectId, rawOf(objectId, Provider.SIGNALWIRE, body).setReceivedAt(receivedAt).build());
    }

    private void unsignedWebhook(final String objectId, final String body) {
        raw.pipeInput(objectId, rawOf(objectId, Provider.SIGNALWIRE, body).setSignatureVerified(false).build());
    }

    private void webhook(final String objectId, final Provider provider, final String body) {
        raw.pipeInput(objectId, rawOf(objectId, provider, body).build());
    }

    private static RawWebhook.Builder rawOf(final String objectId, final Provider provider, final String body) {
        return RawWebhook.newBuilder()
                .setProvider(provider)
                .setObjectId(objectId)
                .setUrl("http://127.0.0.1/webhooks/" + provider.name().toLowerCase(Locale.ROOT))
                .setReceivedAt(T0)
                .setHeaders(Map.of())
                .setBody(body)
                .setSignatureVerified(true);
    }

    private OrderView view(final String orderId) {
        return driver.<String, OrderView>getKeyValueStore(OrderTopology.ORDER_STATES_STORE).get(orderId);
    }

    private static List<String> transitions(final List<OrderStateEvent> events) {
        return events.stream().map(e -> e.getObjectId() + " " + e.getPreviousState() + "->" + e.getState()).toList();
    }

    private static String assignment(final String orderId, final String assignmentId, final String state,
            final int minute) {
        return """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment",
                 "event_type":"number_assignment_%s","state":"%s","brand_id":"b-1","campaign_id":"c-1",
                 "number_assignment_order_id":"%s","number_assignment_id":"%s","phone_number_id":"pn-%s",
                 "phone_number":"+1555123000%s"}""".formatted(T0.plusSeconds(60L * minute),
                "completed".equals(state) ? "activated" : state, state, orderId,
                assignmentId, assignmentId, assignmentId.substring(1));
    }

    private static String order(final String orderId, final String state, final int minute) {
        return """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment_order",
                 "event_type":"number_assignment_order_processed","state":"%s","brand_id":"b-1","campaign_id":"c-1",
                 "number_assignment_order_id":"%s"}""".formatted(T0.plusSeconds(60L * minute), state, orderId);
    }
}
