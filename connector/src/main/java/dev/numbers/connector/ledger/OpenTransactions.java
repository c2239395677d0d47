package dev.numbers.connector.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Names the transactions that hold a partition's last stable offset back: for each partition, every producer with an
 * open transaction (where it began, when it last wrote) and, where the coordinator tells, its transactional.id and
 * state. A reader waiting for such a transaction logs this, so an operator sees whose transaction it is (this
 * instance's claim or result producer, another instance's, a crashed one's) instead of only "still waiting".
 *
 * <p>It also tells a <em>hanging</em> transaction apart: one the partition still holds open although its coordinator
 * has ended it (or moved on to a later transaction of the producer without this partition), so no marker will ever
 * come and no timeout ends it. Kafka 4.3 leaves one behind when the only broker holding a partition is stopped while a
 * commit's markers are on their way (the coordinator skips markers for partitions without a leader as "likely
 * deleted"); recovering needs an operator (docs/operations.md, "Hanging transactions").
 *
 * <p>Best effort: describing needs DESCRIBE on the topic and on the transactional ids; when the broker refuses or
 * does not answer in time, the report says so and the caller goes on waiting as before.
 *
 * <p>Public for the request loop's {@code PositionWatch}, which asks it about the group's {@code __consumer_offsets}
 * partition when the group's committed offsets stay unstable.
 */
public final class OpenTransactions {

    /** A transaction held this long with its coordinator ended may be hanging; before that, a marker may be late. */
    static final Duration HANGING_AFTER = Duration.ofMinutes(2);
    /** The broker's default transaction.max.timeout.ms: a transaction nobody knows that is older is hanging. */
    static final Duration UNKNOWN_HANGING_AFTER = Duration.ofMinutes(15);
    private static final Duration ASK_WITHIN = Duration.ofSeconds(5);
    private static final Set<TransactionState> ENDS_BY_ITSELF = Set.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    /** One open transaction on one partition; {@code coordinator} is absent when the coordinator does not list it. */
    public record Holder(TopicPartition partition, ProducerState producer, Optional<String> transactionalId,
                  Optional<TransactionDescription> coordinator, Duration heldFor, boolean hanging) {

        @Override
        public String toString() {
            return partition + ": transaction of " + transactionalId.map(id -> "'" + id + "'")
                    .orElse("producer " + producer.producerId()) + " (epoch " + producer.producerEpoch()
                    + coordinator.map(d -> ", coordinator: " + d.state() + " at epoch " + d.producerEpoch())
                    .orElse("") + ") open since offset " + producer.currentTransactionStartOffset().orElse(-1)
                    + ", held for " + heldFor.toSeconds() + " s" + (hanging ? ", HANGING: its coordinator ended it"
                    + " but the partition never got its marker (see docs/operations.md, Hanging transactions)" : "");
        }
    }

    /** What was found; {@code unavailable} says why nothing could be asked. */
    public record Report(List<Holder> holders, Optional<String> unavailable) {

        public List<Holder> hanging() {
            return holders.stream().filter(Holder::hanging).toList();
        }

        @Override
        public String toString() {
            if (unavailable.isPresent()) {
                return "(open transactions not described: " + unavailable.get() + ")";
            }
            return holders.isEmpty() ? "no open transaction"
                    : holders.stream().map(Holder::toString).collect(Collectors.joining("; "));
        }
    }

    private record Key(TopicPartition partition, long producerId, long startOffset) {
    }

    private final Admin admin;
    private final Clock clock;
    /** When each open transaction was first seen holding its partition, so "held for" survives between reports. */
    private final Map<Key, Instant> firstSeen = new HashMap<>();

    public OpenTransactions(final Admin admin, final Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** The open transactions on {@code partitions}, each classified; blocks up to a few seconds per question. */
    public Report describe(final Collection<TopicPartition> partitions) {
        try {
            final var producers = admin.describeProducers(partitions).all()
                    .get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            final var open = new ArrayList<Map.Entry<TopicPartition, ProducerState>>();
            producers.forEach((partition, state) -> state.activeProducers().stream()
                    .filter(p -> p.currentTransactionStartOffset().isPresent())
                    .forEach(p -> open.add(Map.entry(partition, p))));
            final var now = clock.instant();
            final var seen = new HashMap<Key, Instant>();
            open.forEach(e -> {
                final var key = new Key(e.getKey(), e.getValue().producerId(),
                        e.getValue().currentTransactionStartOffset().getAsLong());
                seen.put(key, firstSeen.getOrDefault(key, now));
            });
            firstSeen.keySet().removeIf(key -> partitions.contains(key.partition()) && !seen.containsKey(key));
            firstSeen.putAll(seen);
            final var ids = transactionalIds(open.stream().map(e -> e.getValue().producerId()).toList());
            final var descriptions = descriptions(ids.values());
            final var holders = open.stream().map(e -> {
                final var state = e.getValue();
                final var id = Optional.ofNullable(ids.get(state.producerId()));
                final var coordinator = id.map(descriptions::get);
                final var heldFor = Duration.between(seen.get(new Key(e.getKey(), state.producerId(),
                        state.currentTransactionStartOffset().getAsLong())), now);
                return new Holder(e.getKey(), state, id, coordinator, heldFor,
                        hanging(e.getKey(), state, coordinator, heldFor));
            }).toList();
            return new Report(holders, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(List.of(), Optional.of("interrupted"));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            final var cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new Report(List.of(), Optional.of(cause.getClass().getSimpleName()));
        }
    }

    /**
     * Hanging: held for {@link #HANGING_AFTER} while its coordinator is not in the middle of this very transaction
     * (ongoing or preparing, with this partition, at this epoch), so nothing will end it; a transaction no coordinator
     * lists counts only after {@link #UNKNOWN_HANGING_AFTER}, by when the broker would have aborted a live one.
     */
    static boolean hanging(final TopicPartition partition, final ProducerState producer,
                           final Optional<TransactionDescription> coordinator, final Duration heldFor) {
        if (heldFor.compareTo(HANGING_AFTER) < 0) {
            return false;
        }
        if (coordinator.isEmpty()) {
            return heldFor.compareTo(UNKNOWN_HANGING_AFTER) >= 0;
        }
        final var current = coordinator.get();
        final boolean endsByItself = ENDS_BY_ITSELF.contains(current.state())
                && current.topicPartitions().contains(partition)
                && current.producerEpoch() == producer.producerEpoch();
        return !endsByItself;
    }

    /** Producer id to transactional.id, for the ids the coordinator lists; empty where it cannot. */
    private Map<Long, String> transactionalIds(final Collection<Long> producerIds) {
        final var ids = new HashMap<Long, String>();
        if (producerIds.isEmpty()) {
            return ids;
        }
        try {
            admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds)).all()
                    .get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach(t -> ids.put(t.producerId(), t.transactionalId()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The partition's own description still names the producer id.
        }
        return ids;
    }

    private Map<String, TransactionDescription> descriptions(final Collection<String> transactionalIds) {
        if (transactionalIds.isEmpty()) {
            return Map.of();
        }
        try {
            return admin.describeTransactions(Set.copyOf(transactionalIds)).all()
                    .get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Without the coordinator's view a holder counts as unknown (hanging only after the longest timeout).
        }
        return Map.of();
    }
}
