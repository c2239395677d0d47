package dev.numbers.connector.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the store {@code connector.ledger.store} names, checked against the intents topic as it is now. */
final class LedgerStores {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerStores.class);
    private static final long TIMEOUT_SECONDS = 30;

    private LedgerStores() {
    }

    /** The store, guarded so that no access after its close reaches it ({@link ClosedGuardStore}). */
    static LedgerStore open(final LedgerConfig config, final String instanceId, final String topic,
                            final Admin admin, final MeterRegistry meters) {
        return new ClosedGuardStore(opened(config, instanceId, topic, admin, meters));
    }

    private static LedgerStore opened(final LedgerConfig config, final String instanceId, final String topic,
                                      final Admin admin, final MeterRegistry meters) {
        return switch (config.store()) {
            case MEMORY -> new InMemoryLedgerStore();
            case ROCKSDB -> {
                final var dir = config.stateDir(instanceId);
                final var store = RocksDbLedgerStore.open(dir, topic, topicId(admin, topic),
                        reason -> meters.counter("connector.ledger.store.wiped", "reason", reason).increment());
                if (!behindCheckpoint(admin, topic, store.positions())) {
                    LOG.info("ledger store {} opened: about {} entries, checkpoint {}", dir, store.size(),
                            store.positions());
                    yield store;
                }
                meters.counter("connector.ledger.store.wiped", "reason", "offsets-behind-checkpoint").increment();
                LOG.warn("the intents topic {} ends before the ledger store's checkpoint (was it deleted and"
                        + " created again?); wiping the store and restoring from the topic", topic);
                yield store.wipe();
            }
        };
    }

    /** True when some partition ends before the offset the store claims to have read: another topic now. */
    private static boolean behindCheckpoint(final Admin admin, final String topic,
                                            final Map<Integer, Long> positions) {
        if (positions.isEmpty()) {
            return false;
        }
        final var specs = new HashMap<TopicPartition, OffsetSpec>();
        positions.keySet().forEach(p -> specs.put(new TopicPartition(topic, p), OffsetSpec.latest()));
        try {
            final var ends = admin.listOffsets(specs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return positions.entrySet().stream().anyMatch(p -> {
                final var end = ends.get(new TopicPartition(topic, p.getKey()));
                return end == null || end.offset() < p.getValue();
            });
        } catch (ExecutionException e) {
            // A partition the checkpoint names but the topic no longer has: another topic.
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return true;
            }
            throw new IllegalStateException("cannot read the end of the intents topic " + topic + ": "
                    + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot read the end of the intents topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the intents topic " + topic, e);
        }
    }

    /** A topic created a moment ago may not be known to every broker yet: asked again for up to 30 s. */
    private static String topicId(final Admin admin, final String topic) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).topicId().toString();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw new IllegalStateException("cannot describe the intents topic " + topic + ": "
                                + e.getMessage(), e);
                    }
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe the intents topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the intents topic " + topic, e);
        }
    }
}
