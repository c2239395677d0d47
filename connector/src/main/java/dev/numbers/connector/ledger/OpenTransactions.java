package dev.numbers.connector.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartition;

/**
 * Names the transactions that hold a partition's last stable offset back: for each partition, every producer with an
 * open transaction (where it began, when it last wrote) and, where the broker tells, its transactional.id. A reader
 * waiting for such a transaction logs this, so an operator sees whose transaction it is (this instance's claim or
 * result producer, another instance's, a crashed one's) instead of only "still waiting".
 *
 * <p>Best effort: describing needs DESCRIBE on the topic and on the transactional ids; when the broker refuses or
 * does not answer in time, the description says so and the caller goes on waiting as before.
 */
final class OpenTransactions {

    private static final Duration ASK_WITHIN = Duration.ofSeconds(5);

    private final Admin admin;
    private final Clock clock;

    OpenTransactions(final Admin admin, final Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** One line per open transaction on {@code partitions}; "none open" when the broker lists none. */
    String describe(final Collection<TopicPartition> partitions) {
        try {
            final var producers = admin.describeProducers(partitions).all()
                    .get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            final var open = new HashMap<TopicPartition, List<ProducerState>>();
            producers.forEach((partition, state) -> state.activeProducers().stream()
                    .filter(p -> p.currentTransactionStartOffset().isPresent())
                    .forEach(p -> open.computeIfAbsent(partition, k -> new ArrayList<>()).add(p)));
            if (open.isEmpty()) {
                return "no open transaction on " + partitions;
            }
            final var ids = transactionalIds(open.values().stream().flatMap(List::stream)
                    .map(ProducerState::producerId).toList());
            final var lines = new ArrayList<String>();
            open.forEach((partition, states) -> states.forEach(state -> lines.add(partition + ": transaction of "
                    + ids.getOrDefault(state.producerId(), "producer " + state.producerId()) + " (epoch "
                    + state.producerEpoch() + ") open since offset " + state.currentTransactionStartOffset()
                    .getAsLong() + ", last write " + Duration.ofMillis(Math.max(0,
                    clock.millis() - state.lastTimestamp())).toSeconds() + " s ago")));
            return String.join("; ", lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(not described: interrupted)";
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            final var cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return "(open transactions not described: " + cause.getClass().getSimpleName() + ")";
        }
    }

    /** Producer id to transactional.id, for the ids the coordinator lists; empty where it cannot. */
    private Map<Long, String> transactionalIds(final Collection<Long> producerIds) {
        final var ids = new HashMap<Long, String>();
        try {
            final Collection<TransactionListing> listed = admin.listTransactions(new ListTransactionsOptions()
                    .filterProducerIds(producerIds)).all().get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            listed.forEach(t -> ids.put(t.producerId(), "'" + t.transactionalId() + "' (" + t.state() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The partition's own description still names the producer id.
        }
        return ids;
    }
}
