package dev.numbers.connector.quota;

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
 * Creates the quotas topic compacted when it is missing (as the intents topic is) and answers its partition count,
 * which places every tenant. A deleting topic would drop old purchases from the totals, so it is refused.
 */
final class QuotaTopic {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaTopic.class);
    private static final long WAIT_SECONDS = 30;

    private QuotaTopic() {
    }

    /** The number of partitions of the (now existing, compacted) topic. */
    static int prepare(final Admin admin, final String topic, final QuotaConfig config) {
        try {
            return MetadataSettling.retrying("quotas topic " + topic, Duration.ofSeconds(WAIT_SECONDS), () -> {
                if (!admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
                    createCompacted(admin, topic, config);
                } else {
                    requireCompacted(admin, topic);
                }
                return admin.describeTopics(List.of(topic)).allTopicNames().get(WAIT_SECONDS, TimeUnit.SECONDS)
                        .get(topic).partitions().size();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the quotas topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot prepare the quotas topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private static void requireCompacted(final Admin admin, final String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        final var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final var cleanup = admin.describeConfigs(List.of(resource)).all().get(WAIT_SECONDS, TimeUnit.SECONDS)
                .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
        final var policy = cleanup == null ? "delete" : cleanup.value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException("the quotas topic " + topic + " has cleanup.policy=" + policy
                    + "; it must be compacted, or purchases drop out of the tenants' totals");
        }
    }

    private static void createCompacted(final Admin admin, final String topic, final QuotaConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        final var replication = config.replicationFactor() < 0 ? Optional.<Short>empty()
                : Optional.of(config.replicationFactor());
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(config.partitions()), replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(WAIT_SECONDS, TimeUnit.SECONDS);
            LOG.info("created the compacted quotas topic {} with {} partition(s)", topic, config.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
