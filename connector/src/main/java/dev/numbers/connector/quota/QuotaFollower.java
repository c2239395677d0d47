package dev.numbers.connector.quota;

import dev.numbers.connector.lane.PartitionReader;
import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the quotas topic (read_committed, every partition, from the beginning) into the {@link QuotaBook} for the
 * process's life, and tells a reservation when its partition has been read up to the reservation's offset. A
 * read_committed reader never gets past the partition's Last Stable Offset, and an open reservation holds that
 * offset at itself; so "read up to it" means: every earlier transaction on the partition is resolved and read.
 */
final class QuotaFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaFollower.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration REGISTRY_PAUSE = Duration.ofMillis(500);

    private final String topic;
    private final PartitionReader consumer;
    private final Deserializer<QuotaEntry> deserializer;
    private final QuotaBook book;
    private final Counter read;
    private final Counter unreadable;
    /** Partition → offset read up to (the consumer's position after applying what it returned). */
    private final Map<Integer, Long> positions = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    QuotaFollower(final String topic, final int partitions, final PartitionReader consumer,
                  final Deserializer<QuotaEntry> deserializer, final QuotaBook book, final MeterRegistry meters) {
        this.topic = topic;
        this.consumer = consumer;
        this.deserializer = deserializer;
        this.book = book;
        this.read = meters.counter("connector.quota.records.read");
        this.unreadable = meters.counter("connector.quota.records.unreadable");
        consumer.assignFromBeginning(topic, partitions);
        this.thread = Thread.ofPlatform().daemon().name("quota-follower").start(() -> follow(partitions));
    }

    private void follow(final int partitions) {
        try {
            while (running) {
                final var held = new HashSet<Integer>();
                for (final var record : consumer.poll(POLL)) {
                    if (held.contains(record.partition())) {
                        continue;
                    }
                    try {
                        book.apply(deserializer.deserialize(record.topic(), record.headers(), record.value()));
                        read.increment();
                    } catch (RegistryUnavailableException away) {
                        // Not the entry's fault: skipping it would lose a count. Read it again after a pause; the
                        // partition's position stays before it, so its reservations wait meanwhile.
                        held.add(record.partition());
                        consumer.seek(record.partition(), record.offset());
                        LOG.warn("quota entry {}-{}@{} waits for the schema registry: {}", record.topic(),
                                record.partition(), record.offset(), away.getMessage());
                    } catch (RuntimeException bad) {
                        // Bytes no connector wrote (the topic is open to anyone with write access): counted and
                        // skipped rather than stopping every tenant's purchases.
                        unreadable.increment();
                        LOG.error("quota entry {}-{}@{} is unreadable and skipped: {}", record.topic(),
                                record.partition(), record.offset(), bad.toString());
                    }
                }
                if (!held.isEmpty()) {
                    Thread.sleep(REGISTRY_PAUSE);
                }
                final var reached = new HashMap<Integer, Long>();
                for (int partition = 0; partition < partitions; partition++) {
                    reached.put(partition, consumer.position(partition));
                }
                synchronized (positions) {
                    positions.putAll(reached);
                    positions.notifyAll();
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            // close() woke the poll.
        } catch (RuntimeException e) {
            LOG.error("the quotas topic {} can no longer be read; quota-limited purchases wait", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** True once the partition is read up to {@code offset} (exclusive); false when {@code timeout} passes first. */
    boolean awaitRead(final int partition, final long offset, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positions) {
            while (positions.getOrDefault(partition, -1L) < offset) {
                final long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(positions, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
