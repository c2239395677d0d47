package dev.numbers.connector.ledger;

import dev.numbers.connector.config.MetadataSettling;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the intents topic exists and is compacted. A deleting topic would forget COMPLETED intents after its
 * retention, and a producer retrying an old request_id would then buy again, so that is refused at start-up.
 */
final class IntentTopic {

    private static final Logger LOG = LoggerFactory.getLogger(IntentTopic.class);
    private static final long TIMEOUT_SECONDS = 30;

    private IntentTopic() {
    }

    static void ensure(final Admin admin, final String topic, final LedgerConfig config) {
        try {
            final var policy = MetadataSettling.retrying("intents topic " + topic,
                    Duration.ofSeconds(TIMEOUT_SECONDS), () -> policy(admin, topic, config));
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IllegalStateException("the intents topic " + topic + " has cleanup.policy=" + policy
                        + "; it must be compacted (cleanup.policy=compact), or COMPLETED intents are deleted and old"
                        + " request_ids are executed again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the intents topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check the intents topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The topic's cleanup.policy, after creating it compacted when it is missing. */
    private static String policy(final Admin admin, final String topic, final LedgerConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)
                && create(admin, topic, config)) {
            // Created compacted just now; its configuration may not be describable for a moment yet.
            return TopicConfig.CLEANUP_POLICY_COMPACT;
        }
        final var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Optional.ofNullable(admin.describeConfigs(List.of(resource)).all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG))
                .map(entry -> entry.value()).orElse("delete");
    }

    /** True when this call created the topic; false when another instance was faster. */
    private static boolean create(final Admin admin, final String topic, final LedgerConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        final var replication = config.replicationFactor() < 0 ? Optional.<Short>empty()
                : Optional.of(config.replicationFactor());
        final var newTopic = new NewTopic(topic, Optional.of(config.partitions()), replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("created the compacted intents topic {} with {} partition(s)", topic, config.partitions());
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            return false;
        }
    }
}
