package dev.numbers.connector.ledger;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entries in heap, nothing on disk: every start reads the whole intents topic again. For tests and for
 * {@code connector.ledger.store=memory}; costs about 224 B of heap per request_id.
 */
final class InMemoryLedgerStore implements LedgerStore {

    private final Map<String, LedgerEntry> entries = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();

    @Override
    public Optional<LedgerEntry> get(final String requestId) {
        return Optional.ofNullable(entries.get(requestId));
    }

    @Override
    public void put(final String requestId, final LedgerEntry entry) {
        entries.put(requestId, entry);
    }

    @Override
    public void apply(final Map<String, Optional<LedgerEntry>> changes, final Map<Integer, Long> read) {
        changes.forEach((id, entry) -> entry.ifPresentOrElse(e -> entries.put(id, e), () -> entries.remove(id)));
        positions.putAll(read);
    }

    @Override
    public Map<Integer, Long> positions() {
        return Map.copyOf(positions);
    }

    @Override
    public List<String> completedBefore(final Instant before, final int limit) {
        return entries.entrySet().stream()
                .filter(e -> e.getValue() instanceof LedgerEntry.Completed done && done.requestedAt().isBefore(before))
                .sorted(Comparator.comparing(e -> ((LedgerEntry.Completed) e.getValue()).requestedAt()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    @Override
    public void remove(final List<String> requestIds) {
        requestIds.forEach(entries::remove);
    }

    @Override
    public long size() {
        return entries.size();
    }

    @Override
    public void close() {
        entries.clear();
    }
}
