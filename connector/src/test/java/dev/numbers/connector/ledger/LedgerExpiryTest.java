package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.lane.KafkaAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerExpiryTest {

    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(7);

    @TempDir
    Path dir;

    private static LedgerEntry.Completed completed(final Instant requestedAt) {
        return new LedgerEntry.Completed(1, Optional.empty(), new LedgerEntry.StoredResult.InTopic(0, 1), requestedAt);
    }

    @Test
    void tombstonesCompletedEntriesOlderThanTheWindowAndNeverUndecidedOnes() throws Exception {
        final var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        final var meters = new SimpleMeterRegistry();
        try (var store = RocksDbLedgerStore.open(dir, "intents", "id", reason -> { })) {
            store.apply(Map.of(
                    "expired", Optional.of(completed(NOW.minus(WINDOW).minusSeconds(1))),
                    "long-expired", Optional.of(completed(NOW.minus(Duration.ofDays(400)))),
                    "inside", Optional.of(completed(NOW.minus(WINDOW).plusSeconds(60))),
                    "undecided", Optional.of(new LedgerEntry.Started(3, NOW.minus(Duration.ofDays(30))))),
                    Map.of(0, 4L));
            final var expiry = new LedgerExpiry("intents", store, new KafkaAppender(producer),
                    (ids, cutoff) -> store.remove(ids),
                    WINDOW, meters, Clock.fixed(NOW, ZoneOffset.UTC));
            final long expired = expiry.expire();
            System.out.printf("expiry: %d tombstone(s) written for 4 entries (2 past the window, 1 inside,"
                    + " 1 undecided)%n", expired);
            assertThat(expired).isEqualTo(2);
            assertThat(producer.history()).allSatisfy(r -> {
                assertThat(r.topic()).isEqualTo("intents");
                assertThat(r.value()).isNull();
            });
            assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly("long-expired", "expired");
            assertThat(store.get("expired")).isEmpty();
            assertThat(store.get("long-expired")).isEmpty();
            assertThat(store.get("inside")).isPresent();
            assertThat(store.get("undecided")).isPresent();
            assertThat(meters.counter("connector.ledger.expired").count()).isEqualTo(2.0);
            assertThat(expiry.expire()).isZero();
            expiry.close();
        }
    }
}
