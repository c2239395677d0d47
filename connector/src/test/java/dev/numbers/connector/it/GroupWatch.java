package dev.numbers.connector.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * The connectors' consumer group as its coordinator describes it, to measure from outside how long a rebalance takes:
 * from an event (a graceful stop, a SIGKILL and restart) until the group is stable again and every request partition
 * is owned by the members the event should leave.
 */
final class GroupWatch implements AutoCloseable {

    private final Admin admin;
    private final String group;
    private final String topic;

    GroupWatch(final String bootstrap, final String group, final String requestsTopic) {
        final var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(props);
        this.group = group;
        this.topic = requestsTopic;
    }

    /** The member id of each group.instance.id in the group now. */
    Map<String, String> members() throws Exception {
        final var members = new HashMap<String, String>();
        describe().forEach(m -> m.groupInstanceId().ifPresent(id -> members.put(id, m.consumerId())));
        return members;
    }

    /** After a graceful stop: settled once {@code gone} is no member and the others own every partition. */
    Duration awaitLeft(final Instant from, final String gone) {
        return awaitSettled(from, members -> members.stream()
                .noneMatch(m -> m.groupInstanceId().filter(gone::equals).isPresent()));
    }

    /** After a SIGKILL and restart: settled once {@code instance} is back under a new member id, owning partitions. */
    Duration awaitRejoined(final Instant from, final String instance, final String memberBefore) {
        return awaitSettled(from, members -> members.stream().anyMatch(m -> m.groupInstanceId()
                .filter(instance::equals).isPresent() && !m.consumerId().equals(memberBefore)
                && !m.assignment().topicPartitions().isEmpty()));
    }

    private Duration awaitSettled(final Instant from, final Predicate<Collection<MemberDescription>> members) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    final var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    final var owned = new HashSet<Integer>();
                    description.members().forEach(m -> m.assignment().topicPartitions().stream()
                            .filter(p -> p.topic().equals(topic)).forEach(p -> owned.add(p.partition())));
                    final int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                            .partitions().size();
                    return description.groupState() == GroupState.STABLE && owned.size() == partitions
                            && members.test(description.members());
                });
        return Duration.between(from, Instant.now());
    }

    private Collection<MemberDescription> describe() throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
