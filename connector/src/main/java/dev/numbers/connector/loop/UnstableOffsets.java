package dev.numbers.connector.loop;

import dev.numbers.connector.config.KafkaClients;
import dev.numbers.connector.ledger.OpenTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;

/**
 * Names the open transactions that keep a group's committed offsets unstable: those on the group's own
 * {@code __consumer_offsets} partition (a transaction that committed offsets for the group and has not ended, or a
 * hanging one whose marker never came) and those on the request partitions waiting for a position. A consumer in
 * read_committed asks for its committed offsets with require_stable, and the broker answers
 * UNSTABLE_OFFSET_COMMIT (the consumer asks again, silently) until such a transaction ends.
 *
 * <p>Slow (admin requests, up to a few seconds each): called on {@link PositionWatch}'s own thread, never on the poll
 * thread. Best effort like {@link OpenTransactions}: what the broker will not describe is named as such.
 */
final class UnstableOffsets implements PositionWatch.Holders {

    private static final Duration ASK_WITHIN = Duration.ofSeconds(5);

    private final Admin admin;
    private final String groupId;
    private final OpenTransactions open;
    /** Partitions of {@code __consumer_offsets}; asked once, it does not change while the cluster lives. */
    private OptionalInt offsetsPartitions = OptionalInt.empty();

    UnstableOffsets(final Map<String, Object> clientProperties, final String groupId) {
        this.admin = KafkaClients.admin(clientProperties, "position-watch");
        this.groupId = groupId;
        this.open = new OpenTransactions(admin, Clock.systemUTC());
    }

    @Override
    public PositionWatch.Held describe(final Collection<TopicPartition> waiting) {
        final var partitions = new ArrayList<TopicPartition>();
        final var group = groupPartition();
        group.ifPresent(partitions::add);
        partitions.addAll(waiting);
        final var report = open.describe(partitions);
        return new PositionWatch.Held(group.map(TopicPartition::toString).orElse(Topic.GROUP_METADATA_TOPIC_NAME
                + " (partition not known: cannot describe the topic)"), report.toString(),
                report.hanging().stream().map(Object::toString).toList());
    }

    /** The partition the group coordinator keeps this group's offsets in (Kafka's own rule). */
    private Optional<TopicPartition> groupPartition() {
        if (offsetsPartitions.isEmpty()) {
            try {
                offsetsPartitions = OptionalInt.of(admin.describeTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME))
                        .allTopicNames().get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                        .get(Topic.GROUP_METADATA_TOPIC_NAME).partitions().size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // Without DESCRIBE on the internal topic only the request partitions are described.
            }
        }
        if (offsetsPartitions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME,
                partitionFor(groupId, offsetsPartitions.getAsInt())));
    }

    static int partitionFor(final String groupId, final int offsetsPartitions) {
        return Utils.abs(groupId.hashCode()) % offsetsPartitions;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
