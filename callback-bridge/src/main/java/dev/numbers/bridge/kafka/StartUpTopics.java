package dev.numbers.bridge.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a topic the bridge writes at start-up when it is missing (broker defaults for partitions and replication),
 * so the first record does not wait for a topic nobody created: the dead-letter topic, the object-states topic.
 * Failing to create it (no ACL) is only logged: an operator may create it by hand.
 */
public final class StartUpTopics {

    private static final Logger LOG = LoggerFactory.getLogger(StartUpTopics.class);

    private StartUpTopics() {
    }

    /** {@code role} names the topic in the log: "dead-letter", "object-states". */
    public static void ensure(final KafkaClients kafka, final String topic, final String role) {
        try (var admin = kafka.admin(Duration.ofSeconds(15))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(15, TimeUnit.SECONDS);
            LOG.info("created the {} topic {}", role, topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("could not create the {} topic {}: {}", role, topic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn("could not create the {} topic {} within 15 s", role, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
