package dev.numbers.connector.it;

import static org.awaitility.Awaitility.await;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/** What a read_committed consumer sees, and how far the connector's group has committed. */
final class CommittedRecords {

    private CommittedRecords() {
    }

    /** Every committed record of {@code topic}, from the beginning to its current end (last stable offset). */
    static List<ConsumerRecord<byte[], byte[]>> readAll(final String bootstrap, final String topic) {
        final var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final var seen = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final var end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return seen;
    }

    /** Waits until {@code members} members of {@code group} hold request partitions: the group has settled. */
    static void awaitMembersWithPartitions(final String bootstrap, final String group, final int members,
                                           final Duration within) {
        final var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var admin = Admin.create(props)) {
            // The group does not exist until its first member joined: not found yet is "not settled yet".
            await().atMost(within).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> admin
                    .describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count() == members);
        }
    }

    /** Every committed result of {@code topic}, decoded. */
    static List<NumberResult> results(final String bootstrap, final String registry,
                                                               final String topic) {
        try (var decoder = new ConfluentAvroDeserializer<>(
                NumberResult.class, SerdeConfig.of(registry))) {
            return readAll(bootstrap, topic).stream().map(r -> decoder.deserialize(topic, r.value())).toList();
        }
    }

    /** Requests not yet committed by {@code group}: the sum over partitions of end offset minus committed offset. */
    static long unfinished(final String bootstrap, final String group, final String topic) throws Exception {
        final var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var admin = Admin.create(props)) {
            final var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            final var ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            final var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (final var partition : partitions) {
                final var at = committed.get(partition);
                lag += ends.get(partition).offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }

    /**
     * Waits until the connector's group committed every request of the test; false when it did not in time, so the
     * test can still print what is missing before failing.
     */
    static boolean awaitAllCommitted(final String bootstrap, final TestTopics topics, final Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(500))
                    .until(() -> unfinished(bootstrap, topics.group(), topics.requests()) == 0);
            return true;
        } catch (ConditionTimeoutException e) {
            System.out.println("not every request was committed within " + within + ": " + e.getMessage());
            return false;
        }
    }
}
