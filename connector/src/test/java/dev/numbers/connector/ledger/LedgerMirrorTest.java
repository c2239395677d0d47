package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class LedgerMirrorTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final LedgerEntry.Completed DONE = new LedgerEntry.Completed(1, Optional.empty(),
            new LedgerEntry.StoredResult.InTopic(0, 7), T0);

    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private final LedgerMirror mirror = new LedgerMirror(store, new IntentEntries((topic, bytes) -> null));

    @Test
    void aStartedReadAfterItsCompletedNeverReopensTheRequest() {
        mirror.merge("r-1", DONE);
        mirror.merge("r-1", new LedgerEntry.Started(2, T0.plusSeconds(5), "+12025550123"));

        assertThat(mirror.get("r-1")).contains(DONE);
    }

    @Test
    void twoStartsKeepTheFirstStartTimeAndTheLatestCandidate() {
        mirror.merge("r-1", new LedgerEntry.Started(1, T0, "+12025550100"));
        mirror.merge("r-1", new LedgerEntry.Started(2, T0.plusSeconds(60), "+12025550123"));
        mirror.merge("r-1", new LedgerEntry.Started(1, T0.plusSeconds(90), null));

        // Lookups search from the first start; the latest candidate named is the one that may have been bought.
        assertThat(mirror.get("r-1")).contains(new LedgerEntry.Started(2, T0, "+12025550123"));
    }

    /** Decodes "completed" as a COMPLETED intent, fails as a registry away for "away", as junk for anything else. */
    private static final Deserializer<Intent> REGISTRY_SOMETIMES_AWAY = (topic, bytes) -> {
        final var text = new String(bytes, StandardCharsets.UTF_8);
        if (text.equals("away")) {
            throw new RegistryUnavailableException("registry answered 503", 503);
        }
        if (!text.equals("completed")) {
            throw new IllegalArgumentException("not an intent");
        }
        return Intent.newBuilder().setRequestId("r").setState(IntentState.COMPLETED)
                .setRequest(NumberRequest.newBuilder().setRequestId("r").setRequestedAt(T0).setTenant("t")
                        .setCorrelationId(null)
                        .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+12025550123").build())
                        .build())
                .setUpdatedAt(T0).setResult(null).setAttempt(1).setSource(null).build();
    };

    private static ConsumerRecord<byte[], byte[]> intent(final int partition, final long offset, final String id,
                                                         final String value) {
        return new ConsumerRecord<>("intents", partition, offset, id.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anIntentUnreadableWhileTheRegistryIsAwayHoldsItsPartitionInsteadOfBeingTakenForAStart() {
        final var reading = new LedgerMirror(store, new IntentEntries(REGISTRY_SOMETIMES_AWAY));

        final var held = reading.apply(List.of(intent(0, 10, "a", "completed"), intent(0, 11, "b", "away"),
                intent(0, 12, "c", "completed"), intent(1, 20, "d", "completed")), Map.of(0, 13L, 1, 21L));

        // Partition 0 is read again from the record the registry could not decode: nothing of it from there on is
        // stored and the checkpoint stays before it; partition 1 goes on.
        assertThat(held).isEqualTo(Map.of(0, 11L));
        assertThat(store.positions()).isEqualTo(Map.of(0, 11L, 1, 21L));
        assertThat(reading.get("a")).containsInstanceOf(LedgerEntry.Completed.class);
        assertThat(reading.get("b")).isEmpty();
        assertThat(reading.get("c")).isEmpty();
        assertThat(reading.get("d")).containsInstanceOf(LedgerEntry.Completed.class);

        // Read again once the registry is back: the COMPLETED is what the ledger keeps.
        assertThat(reading.apply(List.of(intent(0, 11, "b", "completed"), intent(0, 12, "c", "completed")),
                Map.of(0, 13L))).isEmpty();
        assertThat(reading.get("b")).containsInstanceOf(LedgerEntry.Completed.class);
        assertThat(store.positions()).containsEntry(0, 13L);
    }

    @Test
    void bytesThatAreNoIntentAreTakenForAPossibleStartAndReadOn() {
        final var reading = new LedgerMirror(store, new IntentEntries(REGISTRY_SOMETIMES_AWAY));

        final var held = reading.apply(List.of(intent(0, 10, "junk", "x"), intent(0, 11, "a", "completed")),
                Map.of(0, 12L));

        // Junk is the record's fault and never readable: "may have run" (a lookup before any new purchase).
        assertThat(held).isEmpty();
        assertThat(reading.get("junk")).contains(new LedgerEntry.Started(0, Instant.ofEpochMilli(-1)));
        assertThat(reading.get("a")).containsInstanceOf(LedgerEntry.Completed.class);
        assertThat(store.positions()).containsEntry(0, 12L);
    }

    @Test
    void theTailIsToldWhenAnIntentCannotBeReadForNow() {
        final var reading = new LedgerMirror(store, new IntentEntries(REGISTRY_SOMETIMES_AWAY));

        assertThatThrownBy(() -> reading.observe(intent(0, 11, "b", "away")))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThat(reading.get("b")).isEmpty();
    }

    @Test
    void expiryRemovesOnlyEntriesStillCompletedBeforeTheCutoff() {
        mirror.merge("old", DONE);
        mirror.merge("new", new LedgerEntry.Completed(1, Optional.empty(), new LedgerEntry.StoredResult.InTopic(0, 8),
                T0.plusSeconds(3600)));
        mirror.merge("running", new LedgerEntry.Started(1, T0));

        mirror.removeExpired(List.of("old", "new", "running"), T0.plusSeconds(60));

        assertThat(mirror.get("old")).isEmpty();
        assertThat(mirror.get("new")).isPresent();
        assertThat(mirror.get("running")).isPresent();
    }
}
