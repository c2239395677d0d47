package dev.numbers.connector.loop;

import dev.numbers.connector.config.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the brokers for their cluster id every interval, on its own thread: an idle loop polls happily against a
 * dead cluster (poll just returns nothing), so reachability has to be asked for. DOWN after one unanswered probe,
 * UP with the next answer. Once {@link #watch} is given the partition counts this instance started with, each probe
 * also compares them with the topics' counts now, and a change ends the instance's work ({@link PartitionCounts}).
 */
final class KafkaProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);

    private final Admin admin;
    private final LoopHealth health;
    private final Duration timeout;
    private volatile PartitionCounts counts;
    private volatile Consumer<String> refuse;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("kafka-probe").factory());

    KafkaProbe(final Map<String, Object> clientProperties, final LoopHealth health, final HealthConfig config) {
        this.admin = KafkaClients.admin(clientProperties, "probe");
        this.health = health;
        this.timeout = config.kafkaProbeTimeout();
        timer.scheduleWithFixedDelay(this::probe, 0, config.kafkaProbeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        reachable();
        try {
            comparePartitions();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Asked again at the next probe; reachability is the check above.
            LOG.debug("cannot compare the partition counts now: {}", e.toString());
        }
    }

    private void reachable() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).clusterId()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            health.up(LoopHealth.Check.KAFKA);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            health.down(LoopHealth.Check.KAFKA, "Kafka unreachable: no answer to a cluster description within "
                    + timeout.toMillis() + " ms (" + (e.getCause() != null ? e.getCause() : e).getClass()
                    .getSimpleName() + ")");
        }
    }

    /** From now on, a count that differs from {@code atStart} turns health DOWN and is handed to {@code refuse}. */
    void watch(final PartitionCounts atStart, final Consumer<String> onChange) {
        this.refuse = onChange;
        this.counts = atStart;
    }

    private void comparePartitions() throws InterruptedException, ExecutionException, TimeoutException {
        final var watched = counts;
        if (watched == null || watched.atStart().isEmpty()) {
            return;
        }
        final var now = new HashMap<String, Integer>();
        admin.describeTopics(watched.atStart().keySet()).allTopicNames().get(timeout.toMillis() + 1000,
                TimeUnit.MILLISECONDS).forEach((topic, description) -> now.put(topic, description.partitions().size()));
        watched.changed(now).ifPresent(reason -> {
            health.down(LoopHealth.Check.PARTITIONS, reason);
            counts = null;
            refuse.accept(reason);
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
