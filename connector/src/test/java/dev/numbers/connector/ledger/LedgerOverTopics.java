package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.InMemoryTopics;
import dev.numbers.schemas.avro.Intent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One connector instance's real ledger and claims over intents partitions held in memory: the {@link IntentLedger}
 * on an {@link InMemoryLedgerStore}, and {@link Claims} wired by the factory's own {@link IntentLedgerFactory#claims}
 * (tail, fence, claim lanes) with in-memory readers and transactional writers instead of Kafka clients. Intents are
 * Avro without a registry.
 */
public final class LedgerOverTopics implements AutoCloseable {

    public static final String TOPIC = "intents";
    public static final int PARTITIONS = 3;
    /** The configured defaults: a 60 s lease. */
    public static final ClaimConfig CLAIMS = new ClaimConfig(Duration.ofSeconds(60), Duration.ofSeconds(10), 10_000,
            Duration.ofSeconds(20));

    private final IntentLedger ledger;
    private final Claims claims;

    /** Creates the intents topic in {@code topics} if it has none yet. */
    public LedgerOverTopics(final InMemoryTopics topics, final String instance, final MeterRegistry meters) {
        synchronized (topics) {
            if (!topics.has(TOPIC)) {
                topics.topic(TOPIC, PARTITIONS);
            }
        }
        final Serializer<Intent> serializer = (topic, intent) -> bytes(intent);
        final Deserializer<Intent> deserializer = (topic, data) -> decoded(data);
        final var config = new LedgerConfig(PARTITIONS, (short) -1, LedgerConfig.Store.MEMORY, null,
                Duration.ofDays(7), Duration.ofMinutes(10), Duration.ofMinutes(10));
        this.ledger = new IntentLedger(TOPIC, topics.appender(), serializer, deserializer,
                new TopicsIntentLog(topics, TOPIC), new InMemoryLedgerStore(), config, meters, Clock.systemUTC());
        // What the loop does before the first record of an assigned partition runs.
        ledger.catchUp(() -> false);
        this.claims = IntentLedgerFactory.claims(ledger, TOPIC, new IntentLedgerFactory.ClaimParts(topics::reader,
                        topics::uncommittedReader, suffix -> topics.writer(instance + "-claims" + suffix)),
                instance, CLAIMS, Duration.ofSeconds(10), meters, FencedClaimWriter.Hook.NONE, Clock.systemUTC());
    }

    public IntentLedger ledger() {
        return ledger;
    }

    public Claims claims() {
        return claims;
    }

    private static byte[] bytes(final Intent intent) {
        try {
            final ByteBuffer buffer = intent.toByteBuffer();
            final var bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An intent record's value, decoded. */
    public static Intent intent(final byte[] data) {
        return decoded(data);
    }

    private static Intent decoded(final byte[] data) {
        try {
            return Intent.fromByteBuffer(ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        claims.close();
        ledger.close(false);
    }
}
