package dev.numbers.connector.loop;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the brokers for their cluster id every interval, on its own thread: an idle loop polls happily against a
 * dead cluster (poll just returns nothing), so reachability has to be asked for. DOWN after one unanswered probe,
 * UP with the next answer.
 */
final class KafkaProbe implements AutoCloseable {

    private final Admin admin;
    private final LoopHealth health;
    private final Duration timeout;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("kafka-probe").factory());

    KafkaProbe(final Map<String, Object> clientProperties, final LoopHealth health, final HealthConfig config) {
        final var props = new HashMap<>(clientProperties);
        props.put("client.id", "numbers-connector-probe");
        this.admin = Admin.create(props);
        this.health = health;
        this.timeout = config.kafkaProbeTimeout();
        timer.scheduleWithFixedDelay(this::probe, 0, config.kafkaProbeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
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

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
