package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.RegistryProxy;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.JunkAnswer;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWireListAssignmentOrders;
import dev.numbers.schemas.avro.SignalWireConfigurePhoneNumber;
import dev.numbers.schemas.avro.SignalWireNumberConfiguration;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxConfigurePhoneNumber;
import dev.numbers.schemas.avro.TelnyxNumberConfiguration;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One connector, the real broker, the real registry (behind a switchable proxy) and the simulator over HTTP, fed
 * one hostile record after another on a one-partition request topic. After each, a normal purchase sent right behind
 * it must get its SUCCEEDED result within {@link #BOUND}; the test prints what each kind got and how long the good
 * one behind it took.
 */
class HostileInputCorpusIT {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final AtomicInteger SEQ = new AtomicInteger(1000);
    private static final String NUMBER_TEMPLATE = "+1202555%04d";

    enum Expect { REJECTED, FAILED, DLQ, SUCCEEDED }

    /** A record to send: key, value, and the request_id it carries (null when it has none that can be read). */
    record Bad(byte[] key, byte[] value, String requestId) {
    }

    /** One kind of hostile input; {@code refusal} 401/403 makes the registry refuse while it is read. */
    record Kind(String name, Expect expect, String code, Function<HostileInputCorpusIT, Bad> bad, int refusal) {
        Kind(final String name, final Expect expect, final String code, final Function<HostileInputCorpusIT, Bad> bad) {
            this(name, expect, code, bad, 0);
        }
    }

    private static ProviderSimulator simulator;
    private static RegistryProxy proxy;
    private static TestTopics topics;
    private static RunningConnector connector;
    private static ResultCollector collector;
    private static KafkaProducer<byte[], byte[]> producer;
    private static ConfluentAvroSerializer<NumberRequest> requests;
    private static ConfluentAvroSerializer<RawWebhook> webhooks;
    private static HostileBytes hostile;
    private final Map<Expect, Integer> counts = new EnumMap<>(Expect.class);

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        proxy = RegistryProxy.start(SchemaRegistry.shared().url());
        final var suffix = "corpus." + UUID.randomUUID().toString().substring(0, 8);
        topics = new TestTopics("it.requests." + suffix, "it.results." + suffix, "it.dlq." + suffix,
                "it.intents." + suffix, "it-" + suffix);
        // One partition: every good request queues right behind the hostile one before it.
        KafkaBroker.shared().createTopic(topics.requests(), 1);
        KafkaBroker.shared().createTopic(topics.results(), 1);
        KafkaBroker.shared().createTopic(topics.dlq(), 1);
        final var serde = SerdeConfig.of(SchemaRegistry.shared().url());
        requests = new ConfluentAvroSerializer<>(serde);
        webhooks = new ConfluentAvroSerializer<>(serde);
        final var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        hostile = new HostileBytes(requests.serialize(topics.requests(), purchase("probe", number())));
        collector = ResultCollector.on(KafkaBroker.shared(), serde, topics);
        connector = new RunningConnector(KafkaBroker.shared().bootstrapServers(), proxy.url(), topics, simulator,
                "corpus-" + suffix, Map.of());
    }

    @AfterAll
    static void stop() {
        for (final AutoCloseable part : new AutoCloseable[] {connector, collector, producer, requests, webhooks, proxy,
                simulator}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception ignored) {
                // Closing the rest matters more.
            }
        }
    }

    @Test
    void noHostileRecordStopsTheRequestsBehindIt() {
        final var started = System.nanoTime();
        final var table = new ArrayList<String>();
        // Warm up: the connector has read its schemas and answered once before the hostile ones start.
        served(sendGood(), "warm-up");
        final var kinds = kinds();
        for (final var kind : kinds) {
            table.add(run(kind));
        }
        System.out.printf("%nHostile-input corpus: %d kinds, %d s%n%-47s -> %-28s -> %s%n", kinds.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), "input kind", "outcome",
                "next good one served (ms)");
        table.forEach(System.out::println);
        System.out.printf("outcomes: %s; results published: %d; simulator requests: %d%n", counts,
                collector.resultCount(), simulator.requestCount());
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(30);
        assertThat(connector.loopUp()).as("health after the corpus: %s", connector.loopHealth()).isTrue();
    }

    private String run(final Kind kind) {
        if (kind.refusal() != 0) {
            proxy.refuse(kind.refusal());
        }
        final var bad = kind.bad().apply(this);
        final long offset = send(bad.key(), bad.value());
        final var good = sendGood();
        String outcome;
        if (kind.refusal() != 0) {
            await().atMost(BOUND).untilAsserted(() -> assertThat(connector.loopHealth().path("details")
                    .path("registry").asText()).contains("HTTP " + kind.refusal()));
            final int refusedWhileDown = proxy.refusedCount();
            proxy.pass();
            outcome = "health DOWN (registry " + kind.refusal() + ", " + refusedWhileDown + " asks) then ";
        } else {
            outcome = "";
        }
        outcome += awaitOutcome(kind, bad, offset);
        final long servedMs = served(good, kind.name());
        assertThat(Duration.ofMillis(servedMs)).as("good request behind %s", kind.name()).isLessThan(BOUND);
        if (kind.refusal() != 0) {
            await().atMost(BOUND).until(connector::loopUp);
        }
        counts.merge(kind.expect(), 1, Integer::sum);
        return String.format("%-47s -> %-28s -> %d", kind.name(), outcome, servedMs);
    }

    private String awaitOutcome(final Kind kind, final Bad bad, final long offset) {
        if (kind.expect() == Expect.DLQ) {
            final var letter = await().atMost(BOUND).until(() -> collector.deadLetter(offset),
                    Objects::nonNull);
            assertThat(letter.value()).containsKey("numbers.error.exception");
            return "DLQ";
        }
        final var seen = await().atMost(BOUND).until(() -> collector.result(bad.requestId()),
                Objects::nonNull);
        final NumberResult result = seen.value();
        assertThat(result.getStatus().name()).as(kind.name()).isEqualTo(kind.expect().name());
        assertThat(result.getErrors().size()).as("errors listed for %s", kind.name()).isLessThanOrEqualTo(21);
        assertThat(result.getErrors().toString()).as("no stack trace in %s", kind.name()).doesNotContain("\tat ");
        if (kind.code() != null) {
            assertThat(result.getErrors()).as(kind.name()).extracting(e -> String.valueOf(e.getCode()))
                    .contains(kind.code());
        }
        if (result.getProviderPayload() != null) {
            assertThat(result.getProviderPayload().length()).isLessThanOrEqualTo(65_536);
        }
        return result.getStatus() + (kind.code() == null ? "" : " " + kind.code());
    }

    /** Waits for the good request's SUCCEEDED result; the milliseconds from its sending. */
    private static long served(final Good good, final String behind) {
        final var seen = await().atMost(BOUND).until(() -> collector.result(good.id()), Objects::nonNull);
        assertThat(seen.value().getStatus()).as("good request behind %s", behind).isEqualTo(ResultStatus.SUCCEEDED);
        return Duration.between(good.sentAt(), seen.at()).toMillis();
    }

    record Good(String id, Instant sentAt) {
    }

    private static Good sendGood() {
        final var id = "good-" + UUID.randomUUID();
        final var sentAt = Instant.now();
        send("good".getBytes(StandardCharsets.UTF_8), requests.serialize(topics.requests(), purchase(id, number())));
        return new Good(id, sentAt);
    }

    private static long send(final byte[] key, final byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topics.requests(), 0, key, value)).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topics.requests(), e);
        }
    }

    // ---- the kinds ---------------------------------------------------------------------------------------------

    private static List<Kind> kinds() {
        final var kinds = new ArrayList<Kind>();
        // Encodings: nothing can be read, so the record goes to the DLQ with its bytes.
        kinds.add(new Kind("bad magic byte", Expect.DLQ, null, t -> raw(hostile.badMagicByte())));
        kinds.add(new Kind("truncated Avro", Expect.DLQ, null, t -> raw(hostile.truncated())));
        kinds.add(new Kind("framing header only", Expect.DLQ, null, t -> raw(hostile.headerOnly())));
        kinds.add(new Kind("unknown schema id", Expect.DLQ, null,
                t -> raw(hostile.withSchemaId(2_000_000_000, new byte[] {2, 'x'}))));
        kinds.add(new Kind("wrong schema type (a RawWebhook)", Expect.DLQ, null, t -> raw(rawWebhook())));
        kinds.add(new Kind("tombstone (null value)", Expect.DLQ, null, t -> raw(null)));
        kinds.add(new Kind("empty value", Expect.DLQ, null, t -> raw(new byte[0])));
        kinds.add(new Kind("64 KiB of random bytes", Expect.DLQ, null, t -> raw(randomBytes(65_536))));
        kinds.add(new Kind("array count 2^40", Expect.DLQ, null, t -> raw(hostile.absurdArrayCount())));
        kinds.add(new Kind("negative array count", Expect.DLQ, null, t -> raw(hostile.negativeArrayCount())));
        kinds.add(new Kind("string length 2 GB", Expect.DLQ, null, t -> raw(hostile.hugeStringLength())));
        kinds.add(new Kind("operation union branch 64", Expect.DLQ, null, t -> raw(hostile.unknownUnionBranch())));
        kinds.add(new Kind("invalid UTF-8 in the number", Expect.REJECTED, "invalid_e164", t -> {
            final var id = "utf8-" + UUID.randomUUID();
            return new Bad(null, hostile.invalidUtf8Number(id), id);
        }));
        // Absurd sizes and counts: refused before any provider call, naming field and limit.
        kinds.add(new Kind("campaign order with 10,000 numbers", Expect.REJECTED, "too_many_numbers",
                t -> request(order(campaign(), Collections.nCopies(10_000, number())))));
        kinds.add(new Kind("Telnyx order with 5,000 numbers", Expect.REJECTED, "too_many_numbers",
                t -> request(telnyx(5_000, "x"))));
        kinds.add(new Kind("300 KB request (request_too_large)", Expect.REJECTED, "request_too_large",
                t -> request(order(campaign(), Collections.nCopies(900, "+1" + "2".repeat(330))))));
        kinds.add(new Kind("900 invalid numbers (errors capped)", Expect.REJECTED, "more_errors",
                t -> request(order(campaign(), Collections.nCopies(900, "not-a-number")))));
        kinds.add(new Kind("number of 100,000 characters", Expect.REJECTED, "field_too_long",
                t -> request(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+1".repeat(50_000)).build())));
        kinds.add(new Kind("request_id of 5,000 characters", Expect.REJECTED, "field_too_long", t -> {
            final var request = purchase("r".repeat(5_000), number());
            return new Bad(key(), requests.serialize(topics.requests(), request), request.getRequestId().toString());
        }));
        kinds.add(new Kind("tenant of 50,000 characters", Expect.REJECTED, "field_too_long", t -> {
            final var request = purchase(id(), number());
            request.setTenant("t".repeat(50_000));
            return bad(request);
        }));
        kinds.add(new Kind("correlation_id of 50,000 characters", Expect.REJECTED, "field_too_long", t -> {
            final var request = purchase(id(), number());
            request.setCorrelationId("c".repeat(50_000));
            return bad(request);
        }));
        kinds.add(new Kind("account of 50,000 characters", Expect.REJECTED, "field_too_long", t -> {
            final var request = purchase(id(), number());
            request.setAccount("a".repeat(50_000));
            return bad(request);
        }));
        kinds.add(new Kind("account no provider has", Expect.REJECTED, "unknown_account", t -> {
            final var request = purchase(id(), number());
            request.setAccount("nobody's\u0000account");
            return bad(request);
        }));
        kinds.add(new Kind("campaign_id of 10,000 characters", Expect.REJECTED, "field_too_long",
                t -> request(order("c".repeat(10_000), List.of(number())))));
        kinds.add(new Kind("status_callback_url of 5,000 characters", Expect.REJECTED, "field_too_long",
                t -> request(SignalWireCreateAssignmentOrder.newBuilder().setCampaignId(campaign())
                        .setPhoneNumbers(List.of(number())).setStatusCallbackUrl("https://" + "u".repeat(5_000))
                        .build())));
        kinds.add(new Kind("filter_state of 5,000 characters", Expect.REJECTED, "field_too_long",
                t -> request(SignalWireListAssignmentOrders.newBuilder().setCampaignId(campaign())
                        .setFilterState("s".repeat(5_000)).build())));
        kinds.add(new Kind("customer_reference of 5,000 characters", Expect.REJECTED, "field_too_long",
                t -> request(telnyx(1, "r".repeat(5_000)))));
        kinds.add(new Kind("empty phone number list, null key", Expect.REJECTED, "empty_list", t -> {
            final var request = NumberRequestFactory.of(id(), order(campaign(), List.of()));
            return new Bad(null, requests.serialize(topics.requests(), request), request.getRequestId().toString());
        }));
        kinds.add(new Kind("emoji and controls as number, empty key", Expect.REJECTED, "invalid_e164", t -> {
            final var request = purchase(id(), "+1\u0000\u202e\uD83D\uDCDE555");
            return new Bad(new byte[0], requests.serialize(topics.requests(), request),
                    request.getRequestId().toString());
        }));
        // Number configurations: refused before anything is bought or written, naming the field.
        kinds.add(new Kind("configure: javascript: handler URL", Expect.REJECTED, "invalid_configuration",
                t -> request(SignalWireConfigurePhoneNumber.newBuilder().setNumber(number())
                        .setConfiguration(SignalWireNumberConfiguration.newBuilder().setCallHandler("laml_webhooks")
                                .setCallRequestUrl("javascript:alert(1)").build()).build())));
        kinds.add(new Kind("buy-and-configure: handler URL with credentials", Expect.REJECTED,
                "invalid_configuration", t -> request(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number())
                        .setConfiguration(SignalWireNumberConfiguration.newBuilder()
                                .setMessageRequestUrl("https://user:secret@sms.example/in").build()).build())));
        kinds.add(new Kind("configure: unknown call handler with controls", Expect.REJECTED,
                "invalid_configuration", t -> request(SignalWireConfigurePhoneNumber.newBuilder()
                        .setNumber(number()).setConfiguration(SignalWireNumberConfiguration.newBuilder()
                                .setCallHandler("relay\u0000\u202etopic").build()).build())));
        kinds.add(new Kind("configure: relay topic of 100,000 characters", Expect.REJECTED, "field_too_long",
                t -> request(SignalWireConfigurePhoneNumber.newBuilder().setNumber(number())
                        .setConfiguration(SignalWireNumberConfiguration.newBuilder()
                                .setCallRelayTopic("t".repeat(100_000)).build()).build())));
        kinds.add(new Kind("Telnyx configure: 10,000 tags", Expect.REJECTED, "too_many_values",
                t -> request(TelnyxConfigurePhoneNumber.newBuilder().setNumber(number())
                        .setConfiguration(TelnyxNumberConfiguration.newBuilder()
                                .setTags(Collections.nCopies(10_000, "tag")).build()).build())));
        kinds.add(new Kind("Telnyx configure: CNAM name of 40 characters", Expect.REJECTED, "invalid_configuration",
                t -> request(TelnyxConfigurePhoneNumber.newBuilder().setNumber(number())
                        .setConfiguration(TelnyxNumberConfiguration.newBuilder()
                                .setCnamListingDetails("C".repeat(40)).build()).build())));
        kinds.add(new Kind("configure: empty configuration", Expect.REJECTED, "empty_configuration",
                t -> request(TelnyxConfigurePhoneNumber.newBuilder().setPhoneNumberId("1293384261075731499")
                        .setConfiguration(TelnyxNumberConfiguration.newBuilder().build()).build())));
        kinds.add(new Kind("configure: id with a path in it", Expect.REJECTED, "invalid_id",
                t -> request(TelnyxConfigurePhoneNumber.newBuilder().setPhoneNumberId("../../number_orders")
                        .setConfiguration(TelnyxNumberConfiguration.newBuilder().setConnectionId("c").build())
                        .build())));
        kinds.add(new Kind("configure: neither number nor id", Expect.REJECTED, "ambiguous_target",
                t -> request(SignalWireConfigurePhoneNumber.newBuilder()
                        .setConfiguration(SignalWireNumberConfiguration.newBuilder().setName("x").build()).build())));
        // Timestamps.
        for (final var at : List.of(Long.MIN_VALUE, -1L, Long.MAX_VALUE,
                Instant.parse("3000-01-01T00:00:00Z").toEpochMilli())) {
            kinds.add(new Kind("requested_at " + at + " ms", Expect.REJECTED, "invalid_timestamp", t -> {
                final var request = purchase(id(), number());
                request.setRequestedAt(Instant.ofEpochMilli(at));
                return bad(request);
            }));
        }
        // Provider junk: the call is made, the answer is broken.
        kinds.add(junkPurchase(JunkAnswer.BAD_JSON, Expect.FAILED, "unreadable_response"));
        kinds.add(junkPurchase(JunkAnswer.WRONG_TYPES, Expect.FAILED, "unreadable_response"));
        kinds.add(junkPurchase(JunkAnswer.HUGE_BODY, Expect.FAILED, "result_too_large"));
        kinds.add(junkList(JunkAnswer.OFF_HOST_NEXT, "bad_pagination"));
        kinds.add(junkList(JunkAnswer.LOOPING_NEXT, "bad_pagination"));
        kinds.add(junkList(JunkAnswer.JUNK_NEXT, "bad_pagination"));
        kinds.add(junkList(JunkAnswer.DEAD_NEXT, "bad_pagination"));
        kinds.add(junkList(JunkAnswer.ENDLESS_NEXT, "too_many_pages"));
        kinds.add(junkList(JunkAnswer.WRONG_TYPES, "unreadable_response"));
        kinds.add(new Kind("provider: order answer HUGE_BODY (payload cut)", Expect.SUCCEEDED, null, t -> {
            final var campaign = campaign();
            simulator.faults().junk(campaign, JunkAnswer.HUGE_BODY);
            return request(order(campaign, List.of(number())));
        }));
        kinds.add(new Kind("provider: Telnyx answer BAD_JSON", Expect.FAILED, "unreadable_response", t -> {
            final var reference = "ref-" + UUID.randomUUID();
            simulator.faults().junk(reference, JunkAnswer.BAD_JSON);
            return request(telnyx(1, reference));
        }));
        // Registry refusals: the record is not at fault; it waits (with backoff) and is served once it clears.
        kinds.add(new Kind("registry answers 401 (new schema id)", Expect.SUCCEEDED, null,
                t -> newSchemaVersion(), 401));
        kinds.add(new Kind("registry answers 403 (new schema id)", Expect.SUCCEEDED, null,
                t -> newSchemaVersion(), 403));
        return kinds;
    }

    private static Kind junkPurchase(final JunkAnswer junk, final Expect expect, final String code) {
        return new Kind("provider: purchase answer " + junk, expect, code, t -> {
            final var number = number();
            simulator.faults().junk(number, junk);
            return request(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build());
        });
    }

    private static Kind junkList(final JunkAnswer junk, final String code) {
        return new Kind("provider: list orders " + junk, Expect.FAILED, code, t -> {
            final var campaign = campaign();
            simulator.faults().junk(campaign, junk);
            return request(SignalWireListAssignmentOrders.newBuilder().setCampaignId(campaign).setFilterState(null)
                    .build());
        });
    }

    /**
     * A valid request written with a schema the connector has not seen: NumberRequest plus one nullable field of a
     * new name (a new schema, so a new id), registered under a subject of its own, so reading it needs the registry.
     */
    private static Bad newSchemaVersion() {
        final var subject = "corpus-extra-" + UUID.randomUUID() + "-value";
        final var schema = new Schema.Parser().parse(NumberRequest.getClassSchema().toString()
                .replaceFirst("\\]\\s*}\\s*$", ",{\"name\":\"x_extra_" + SEQ.incrementAndGet()
                        + "\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
        final int id = register(subject, schema.toString());
        final var request = purchase(id(), number());
        final var plain = requests.serialize(topics.requests(), request);
        return new Bad(key(), new HostileBytes(plain).bodyWithTrailingNull(id), request.getRequestId().toString());
    }

    private static int register(final String subject, final String schema) {
        try (var http = HttpClient.newHttpClient()) {
            final var body = new ObjectMapper().writeValueAsString(Map.of("schema",
                    schema));
            final var response = http.send(HttpRequest.newBuilder(URI.create(SchemaRegistry.shared().url()
                            + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body()).path("id").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] rawWebhook() {
        final var webhook = RawWebhook.newBuilder().setProvider(Provider.SIGNALWIRE)
                .setUrl("http://bridge.local/webhooks/signalwire/10dlc").setObjectId("o-1").setBody("{}")
                .setHeaders(Map.of()).setReceivedAt(Instant.now()).setSignatureVerified(true).build();
        return webhooks.serialize("corpus.webhooks." + UUID.randomUUID(), webhook);
    }

    private static byte[] randomBytes(final int size) {
        final var bytes = new byte[size];
        new Random(11).nextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }

    private static Bad raw(final byte[] value) {
        return new Bad(key(), value, null);
    }

    private static Bad request(final Object operation) {
        return bad(NumberRequestFactory.of(id(), operation));
    }

    private static Bad bad(final NumberRequest request) {
        return new Bad(key(), requests.serialize(topics.requests(), request), request.getRequestId().toString());
    }

    private static NumberRequest purchase(final String id, final String number) {
        return NumberRequestFactory.of(id, SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build());
    }

    private static SignalWireCreateAssignmentOrder order(final String campaign, final List<String> numbers) {
        return SignalWireCreateAssignmentOrder.newBuilder().setCampaignId(campaign).setPhoneNumbers(numbers)
                .setStatusCallbackUrl(null).build();
    }

    private static TelnyxCreateNumberOrder telnyx(final int count, final String reference) {
        return TelnyxCreateNumberOrder.newBuilder()
                .setPhoneNumbers(IntStream.range(0, count).mapToObj(i -> TelnyxOrderPhoneNumber.newBuilder()
                        .setPhoneNumber(number()).setRequirementGroupId(null).setBundleId(null).build()).toList())
                .setConnectionId(null).setMessagingProfileId(null).setBillingGroupId(null)
                .setCustomerReference(reference).build();
    }

    private static String campaign() {
        final var campaign = UUID.randomUUID().toString();
        simulator.registerCampaign(campaign);
        return campaign;
    }

    private static String number() {
        return String.format(NUMBER_TEMPLATE, SEQ.incrementAndGet() % 10_000);
    }

    private static String id() {
        return "hostile-" + UUID.randomUUID();
    }

    private static byte[] key() {
        return "k".getBytes(StandardCharsets.UTF_8);
    }
}
