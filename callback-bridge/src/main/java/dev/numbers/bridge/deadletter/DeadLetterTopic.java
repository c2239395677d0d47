package dev.numbers.bridge.deadletter;

import dev.numbers.bridge.kafka.KafkaClients;
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
 * Creates the dead-letter topic at start-up when it is missing (broker defaults for partitions and replication), so
 * the first bad record does not wait for a topic nobody created. Failing to create it (no ACL) is only logged: an
 * operator may create it by hand.
 */
public final class DeadLetterTopic {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopic.class);

    private DeadLetterTopic() {
    }

    public static void ensure(final KafkaClients kafka, final String topic) {
        try (var admin = kafka.admin(Duration.ofSeconds(15))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(15, TimeUnit.SECONDS);
            LOG.info("created the dead-letter topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("could not create the dead-letter topic {}: {}", topic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn("could not create the dead-letter topic {} within 15 s", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
