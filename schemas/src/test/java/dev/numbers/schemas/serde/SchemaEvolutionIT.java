package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.UndecodableRecordException.Reason;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/** What the registry's BACKWARD rule and Avro schema resolution guarantee, against the real registry. */
class SchemaEvolutionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SerdeConfig CONFIG = SerdeConfig.of(SchemaRegistry.shared().url());

    private final SchemaRegistryClient registry = SchemaRegistryClient.http(CONFIG);

    @Test
    void newFieldWithoutDefaultIsRefusedWithTheRegistrysMessage() {
        final var topic = uniqueTopic();
        final var current = new ConfluentAvroSerializer<RawWebhook>(registry, CONFIG, false);
        current.serialize(topic, Samples.rawWebhook());
        final var breaking = edited(RawWebhook.getClassSchema(), fields -> fields.addObject()
                .put("name", "tenant").put("type", "string"));
        final var next = new ConfluentAvroSerializer<RecordOfSchema>(
                SchemaRegistryClient.http(CONFIG), CONFIG, false);

        assertThatThrownBy(() -> next.serialize(topic, new RecordOfSchema(breaking)))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(topic + "-value");
                    assertThat(e.registryMessage()).isNotBlank();
                    assertThat(e.getMessage()).contains(e.registryMessage());
                });
    }

    @Test
    void recordWrittenWithAnOlderSchemaIsReadWithTheNewFieldsDefault() {
        final var topic = uniqueTopic();
        final var older = edited(RawWebhook.getClassSchema(), fields -> {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).path("name").asText().equals("headers")) {
                    fields.remove(i);
                    return;
                }
            }
        });
        final var olderWriter = new ConfluentAvroSerializer<RecordOfSchema>(registry, CONFIG, false);
        final var bytes = olderWriter.serialize(topic, new RecordOfSchema(older)
                .with("provider", new GenericData.EnumSymbol(older.getField("provider").schema(), "TELNYX"))
                .with("object_id", "number-order-1")
                .with("url", "https://bridge.example/webhooks/telnyx")
                .with("received_at", Samples.AT.toEpochMilli())
                .with("body", "{}")
                .with("signature_verified", true));
        // The current contract is a BACKWARD-compatible next version of the same subject.
        new ConfluentAvroSerializer<RawWebhook>(registry, CONFIG, false).serialize(topic, Samples.rawWebhook());

        final var read = new ConfluentAvroDeserializer<>(RawWebhook.class, SchemaRegistryClient.http(CONFIG))
                .deserialize(topic, bytes);

        assertThat(read.getHeaders()).isEmpty();
        assertThat(read.getProvider()).isEqualTo(Provider.TELNYX);
        assertThat(read.getObjectId()).isEqualTo("number-order-1");
        assertThat(read.getReceivedAt()).isEqualTo(Samples.AT);
    }

    /**
     * The lifecycle operations (releases, search-and-purchase) are new union members and enum symbols: the registry
     * must accept the current contract as the next version of the one before them, and refuse the reverse (a reader
     * without them could not read what a lifecycle producer writes), which shows the check is real.
     */
    @Test
    void lifecycleOperationsAreABackwardCompatibleNextVersionOfTheContract() {
        final var newMembers = Set.of("SignalWireReleasePhoneNumber", "SignalWireDeleteNumberAssignment",
                "TelnyxDeletePhoneNumber", "SignalWireSearchAndPurchase", "TelnyxSearchAndOrder", "ReleasedResource",
                "SearchPurchase");
        final var newSymbols = Set.of("RELEASE_PHONE_NUMBER", "DELETE_NUMBER_ASSIGNMENT",
                "TELNYX_DELETE_PHONE_NUMBER", "SEARCH_AND_PURCHASE", "TELNYX_SEARCH_AND_ORDER");
        for (final var current : List.of(NumberRequest.getClassSchema(),
                NumberResult.getClassSchema())) {
            final var before = edited(current, fields -> fields.forEach(f -> withoutLifecycle(f, newMembers,
                    newSymbols)));
            assertThat(before.toString()).isNotEqualTo(current.toString());
            assertNextVersionButNotTheReverse(before, current);
        }
    }

    /**
     * The optional {@code account} of requests and results: the registry accepts the contract with it as
     * the next version of the one without, and a request written without it reads as null (the default account).
     */
    @Test
    void accountFieldIsABackwardCompatibleNextVersionOfTheContract() {
        for (final var current : List.of(NumberRequest.getClassSchema(),
                NumberResult.getClassSchema())) {
            final var before = edited(current, fields -> {
                for (int i = fields.size() - 1; i >= 0; i--) {
                    if (fields.get(i).path("name").asText().equals("account")) {
                        fields.remove(i);
                    }
                }
            });
            assertThat(before.getField("account")).isNull();
            final var subject = uniqueTopic() + "-value";
            registry.register(subject, before);
            registry.register(subject, current);
        }
        final var topic = uniqueTopic();
        final var request = Samples.telnyxOrder();
        request.setAccount("east");
        // An older producer's record: every field of today's request but the last one, account.
        final var older = edited(NumberRequest.getClassSchema(), fields -> fields.remove(fields.size() - 1));
        final var record = new RecordOfSchema(older);
        for (int i = 0; i < older.getFields().size(); i++) {
            // A generic record holds timestamps as their long form.
            record.put(i, request.get(i) instanceof Instant at ? at.toEpochMilli() : request.get(i));
        }
        final var bytes = new ConfluentAvroSerializer<RecordOfSchema>(registry, CONFIG, false).serialize(topic, record);
        final var read = new ConfluentAvroDeserializer<>(NumberRequest.class, SchemaRegistryClient.http(CONFIG))
                .deserialize(topic, bytes);
        assertThat(read.getAccount()).isNull();
        assertThat(read.getRequestId()).isEqualTo(request.getRequestId());
    }

    /**
     * The configure operations (new union members and enum symbols) and the optional configuration of purchases and
     * results (new fields with default null): the registry accepts the current contract as the next version of the
     * one before them and refuses the reverse, which shows the check is real.
     */
    @Test
    void configurationIsABackwardCompatibleNextVersionOfTheContract() {
        final var newMembers = Set.of("SignalWireConfigurePhoneNumber", "TelnyxConfigurePhoneNumber",
                "NumberConfigured", "configuration");
        final var newSymbols = Set.of("CONFIGURE_PHONE_NUMBER", "TELNYX_CONFIGURE_PHONE_NUMBER");
        for (final var current : List.of(NumberRequest.getClassSchema(), NumberResult.getClassSchema())) {
            final var before = edited(current, fields -> {
                for (int i = fields.size() - 1; i >= 0; i--) {
                    if (fields.get(i).path("name").asText().equals("configuration")) {
                        fields.remove(i);
                    }
                }
                fields.forEach(f -> withoutLifecycle(f, newMembers, newSymbols));
            });
            assertThat(before.toString()).doesNotContain("Configur");
            assertNextVersionButNotTheReverse(before, current);
        }
    }

    /** The registry accepts {@code current} after {@code before} and refuses the reverse: the check is real. */
    private void assertNextVersionButNotTheReverse(final Schema before, final Schema current) {
        final var forward = uniqueTopic() + "-value";
        registry.register(forward, before);
        registry.register(forward, current);
        final var backward = uniqueTopic() + "-value";
        registry.register(backward, current);
        assertThatThrownBy(() -> registry.register(backward, before))
                .isInstanceOf(IncompatibleSchemaException.class);
    }

    /**
     * {@code signature_verified} and {@code final_state} of order-state events: the registry accepts the contract with
     * them as the next version of the one without (a field without a default would be refused, as the first test
     * shows).
     */
    @Test
    void signatureVerifiedAndFinalStateAreABackwardCompatibleNextVersionOfOrderStateEvents() {
        final var current = OrderStateEvent.getClassSchema();
        final var before = edited(current, fields -> {
            for (int i = fields.size() - 1; i >= 0; i--) {
                final var name = fields.get(i).path("name").asText();
                if (name.equals("signature_verified") || name.equals("final_state")) {
                    fields.remove(i);
                }
            }
        });
        assertThat(before.getField("signature_verified")).isNull();
        assertThat(before.getField("final_state")).isNull();
        final var subject = uniqueTopic() + "-value";
        registry.register(subject, before);
        registry.register(subject, current);
    }

    /** Drops the lifecycle union members and enum symbols from one field's type, wherever they are. */
    private static void withoutLifecycle(final JsonNode node,
                                         final Set<String> members, final Set<String> symbols) {
        if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (members.contains(array.get(i).path("name").asText())) {
                    array.remove(i);
                } else if (array.get(i).isTextual() && symbols.contains(array.get(i).asText())) {
                    array.remove(i);
                } else {
                    withoutLifecycle(array.get(i), members, symbols);
                }
            }
        } else if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> withoutLifecycle(e.getValue(), members, symbols));
        }
    }

    @Test
    void idTheRealRegistryNeverIssuedIsUnknownSchemaId() {
        final var deserializer = new ConfluentAvroDeserializer<>(NumberRequest.class, registry);
        final var bytes = new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, 0x01, 0x02, 'r'};

        assertThatThrownBy(() -> deserializer.deserialize("numbers.requests", bytes))
                .isInstanceOfSatisfying(UndecodableRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID));
    }

    private static Schema edited(final Schema schema, final Consumer<ArrayNode> edit) {
        try {
            final var node = (ObjectNode) JSON.readTree(schema.toString());
            edit.accept((ArrayNode) node.get("fields"));
            return new Schema.Parser().parse(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uniqueTopic() {
        return "it.evolution." + UUID.randomUUID().toString().substring(0, 8);
    }
}
