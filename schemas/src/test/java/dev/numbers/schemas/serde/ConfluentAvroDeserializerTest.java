package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.UndecodableRecordException.Reason;
import java.net.ConnectException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ConfluentAvroDeserializerTest {

    private static final String TOPIC = "numbers.requests";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerializer<NumberRequest> serializer =
            new ConfluentAvroSerializer<>(registry, SerdeConfig.of("http://unused"), false);
    private final ConfluentAvroDeserializer<NumberRequest> deserializer =
            new ConfluentAvroDeserializer<>(NumberRequest.class, registry);

    @Test
    void readsBackWhatTheSerializerWrote() {
        final var request = Records.purchase("r-1");

        final var bytes = serializer.serialize(TOPIC, request);

        assertThat(bytes[0]).isZero();
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(request);
    }

    @Test
    void nullStaysNullBothWays() {
        assertThat(serializer.serialize(TOPIC, null)).isNull();
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void plainJsonIsABadMagicByte() {
        assertReason("{\"request_id\":\"r-1\"}".getBytes(), Reason.BAD_MAGIC_BYTE);
    }

    @Test
    void emptyValueIsTruncated() {
        assertReason(new byte[0], Reason.TRUNCATED);
    }

    @Test
    void valueShorterThanTheHeaderIsTruncated() {
        assertReason(new byte[] {0, 0, 0}, Reason.TRUNCATED);
    }

    @Test
    void bodyCutShortIsTruncated() {
        final var bytes = serializer.serialize(TOPIC, Records.purchase("r-1"));

        assertReason(Arrays.copyOf(bytes, bytes.length - 4), Reason.TRUNCATED);
    }

    @Test
    void idTheRegistryDoesNotKnowIsUnknownSchemaId() {
        final var bytes = serializer.serialize(TOPIC, Records.purchase("r-1"));
        bytes[4] = 99;

        final var error = assertReason(bytes, Reason.UNKNOWN_SCHEMA_ID);
        assertThat(error.schemaId()).isEqualTo(99);
    }

    @Test
    void negativeStringLengthIsACorruptPayload() {
        final int id = registry.register(TOPIC + "-value", NumberRequest.getClassSchema());
        // request_id claims length -1 (zig-zag 0x01): no writer produced this.
        assertReason(new byte[] {0, 0, 0, 0, (byte) id, 0x01, 0x61, 0x62}, Reason.CORRUPT_PAYLOAD);
    }

    @Test
    void stringLongerThanTheBytesLeftIsRefusedBeforeAllocating() {
        final int id = registry.register(TOPIC + "-value", NumberRequest.getClassSchema());
        // request_id claims 1 GiB (zig-zag varint 0x80 80 80 80 08); decoding it would first allocate that much.
        final var bytes = new byte[] {0, 0, 0, 0, (byte) id, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};

        final var error = assertReason(bytes, Reason.TRUNCATED);
        assertThat(error.getMessage()).contains("string claims 1073741824 bytes");
    }

    @Test
    void arrayCountLargerThanTheBytesLeftIsRefusedBeforeAllocating() {
        final int id = registry.register(TOPIC + "-value", NumberRequest.getClassSchema());
        // ... operation branch 3 (Telnyx order), whose phone_numbers array claims 2^28 items in 3 bytes.
        final var bytes = new byte[] {0, 0, 0, 0, (byte) id, 0x02, 'r', 0x00, 0x00, 0x00, 0x06,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x02, 0x01, 0x02, 0x03};

        final var error = assertReason(bytes, Reason.TRUNCATED);
        assertThat(error.getMessage()).contains("array claims 268435456 items");
    }

    @Test
    void bytesLeftOverAfterTheRecordAreACorruptPayload() {
        final var good = serializer.serialize(TOPIC, Records.purchase("r-1"));

        assertReason(Arrays.copyOf(good, good.length + 3), Reason.CORRUPT_PAYLOAD);
    }

    @Test
    void unionBranchOutOfRangeIsACorruptPayload() {
        final int id = registry.register(TOPIC + "-value", NumberRequest.getClassSchema());
        // request_id "r", requested_at 0, tenant null, correlation_id null, then operation branch 64 (zig-zag varint
        // 0x80 0x01), far past the union's last member.
        assertReason(new byte[] {0, 0, 0, 0, (byte) id, 0x02, 'r', 0x00, 0x00, 0x00, (byte) 0x80, 0x01},
                Reason.CORRUPT_PAYLOAD);
    }

    @Test
    void anotherRecordTypeIsTheWrongType() {
        final var webhooks = new ConfluentAvroSerializer<RawWebhook>(registry, SerdeConfig.of("http://unused"), false);
        final var bytes = webhooks.serialize("numbers.webhooks.raw", RawWebhook.newBuilder()
                .setProvider(Provider.TELNYX)
                .setObjectId("o-1")
                .setUrl("https://bridge.example/telnyx")
                .setReceivedAt(Instant.EPOCH)
                .setBody("{}")
                .setSignatureVerified(true)
                .build());

        assertReason(bytes, Reason.WRONG_TYPE);
    }

    @Test
    void unreachableRegistryIsNotMistakenForABadRecord() {
        final var bytes = serializer.serialize(TOPIC, Records.purchase("r-1"));
        final var down = new InMemorySchemaRegistry() {
            @Override
            public synchronized Schema schemaById(final int id) {
                throw new RegistryUnavailableException("connection refused", new ConnectException());
            }
        };

        assertThatThrownBy(() -> new ConfluentAvroDeserializer<>(NumberRequest.class, down).deserialize(TOPIC, bytes))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void readerClassCanBeConfiguredByName() {
        final var configured = new ConfluentAvroDeserializer<NumberRequest>();
        configured.configure(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1",
                ConfluentAvroDeserializer.READER_CLASS, NumberRequest.class.getName()), false);

        // An undecodable frame fails before the registry is asked, proving the reader is set up.
        assertThatThrownBy(() -> configured.deserialize(TOPIC, new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(UndecodableRecordException.class);
    }

    private UndecodableRecordException assertReason(final byte[] bytes, final Reason reason) {
        final var thrown = assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .actual();
        final var error = (UndecodableRecordException) thrown;
        assertThat(error.reason()).as(error.getMessage()).isEqualTo(reason);
        return error;
    }
}
