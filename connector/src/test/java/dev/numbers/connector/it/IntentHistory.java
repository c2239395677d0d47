package dev.numbers.connector.it;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The intents topic as a test reads it (read_committed, from the beginning): per request_id, its intents in order.
 * What the ledger must never do shows here: a request_id whose latest intent is STARTED after a COMPLETED (compaction
 * would keep that STARTED and forget the result).
 */
final class IntentHistory {

    private final Map<String, List<Intent>> byId = new LinkedHashMap<>();

    private IntentHistory() {
    }

    static IntentHistory read(final String bootstrap, final String registry, final String topic) {
        final var history = new IntentHistory();
        try (var decoder = new ConfluentAvroDeserializer<>(Intent.class, SerdeConfig.of(registry))) {
            for (final var record : CommittedRecords.readAll(bootstrap, topic)) {
                if (record.value() != null) {
                    final var intent = decoder.deserialize(topic, record.value());
                    history.byId.computeIfAbsent(intent.getRequestId(), id -> new ArrayList<>()).add(intent);
                }
            }
        }
        return history;
    }

    /** Request_ids whose latest intent is a STARTED written after a COMPLETED: the ledger regressed. */
    List<String> regressed() {
        return byId.entrySet().stream().filter(e -> completedAt(e.getValue()) >= 0
                        && e.getValue().getLast().getState() == IntentState.STARTED)
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Committed STARTED intents after a COMPLETED of their request_id, in offset order: none may exist (the claim
     * writer aborts a STARTED that would follow a COMPLETED).
     */
    long startedAfterCompleted() {
        return byId.values().stream().mapToLong(intents -> {
            final int first = completedAt(intents);
            return first < 0 ? 0 : intents.subList(first, intents.size()).stream()
                    .filter(i -> i.getState() == IntentState.STARTED).count();
        }).sum();
    }

    /** Request_ids that more than one claimant (instance/incarnation) claimed. */
    long claimedByMoreThanOne() {
        return byId.values().stream().filter(intents -> intents.stream().map(Intent::getClaimant)
                .filter(Objects::nonNull).map(CharSequence::toString).distinct().count() > 1).count();
    }

    /** Request_ids whose latest intent is not COMPLETED. */
    List<String> unfinished() {
        return byId.entrySet().stream().filter(e -> e.getValue().getLast().getState() != IntentState.COMPLETED)
                .map(Map.Entry::getKey).toList();
    }

    int requestIds() {
        return byId.size();
    }

    private static int completedAt(final List<Intent> intents) {
        for (int i = 0; i < intents.size(); i++) {
            if (intents.get(i).getState() == IntentState.COMPLETED) {
                return i;
            }
        }
        return -1;
    }
}
