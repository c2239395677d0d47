package dev.numbers.connector.ratelimit;

import dev.numbers.connector.config.KafkaClients;
import dev.numbers.connector.config.KafkaConfig;
import dev.numbers.connector.config.TopicsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which request partitions this instance owns (told by the request loop at every rebalance) and what the whole
 * group looks like (its members and every request partition's backlog, asked of the broker with the Admin API right
 * after each rebalance and every {@code lookInterval}). Listeners hear of every new look; the flag says whether a
 * rebalance caused it. Nothing runs until the first rebalance, so an instance without a request loop keeps whole
 * limits. The principal needs DESCRIBE on the group and the request topic, which reading them already requires.
 */
@Singleton
public final class GroupWatch {

    private static final Logger LOG = LoggerFactory.getLogger(GroupWatch.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final KafkaConfig kafka;
    private final TopicsConfig topics;
    private final RateLimitConfig config;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private volatile Set<Integer> mine = Set.of();
    private volatile Optional<GroupShare.Look> look = Optional.empty();
    private volatile boolean rebalanced;
    private volatile boolean failing;
    private ScheduledExecutorService looker;
    private Admin admin;

    public GroupWatch(final KafkaConfig kafka, final TopicsConfig topics, final RateLimitConfig config) {
        this.kafka = kafka;
        this.topics = topics;
        this.config = config;
    }

    /** The request loop's rebalance listener calls this with everything the consumer owns after the change. */
    public synchronized void assigned(final Collection<TopicPartition> owned) {
        mine = owned.stream().filter(p -> p.topic().equals(topics.requests())).map(TopicPartition::partition)
                .collect(Collectors.toUnmodifiableSet());
        rebalanced = true;
        if (looker == null) {
            looker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("group-watch")
                    .factory());
            looker.scheduleWithFixedDelay(this::lookSafely, 0, config.lookInterval().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            looker.execute(this::lookSafely);
        }
    }

    void subscribe(final Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /** This instance's share of {@code limit} by the latest look; the whole limit before the first. */
    GroupShare share(final double limit) {
        return look.map(l -> GroupShare.of(limit, mine, l)).orElseGet(() -> GroupShare.alone(limit));
    }

    private void lookSafely() {
        final boolean afterRebalance = rebalanced;
        rebalanced = false;
        try {
            look = Optional.of(lookAtGroup());
            if (failing) {
                LOG.info("group look for rate limits works again");
            }
            failing = false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            // The last look stays in force; a denied or failing Admin call must not stop requests.
            if (!failing) {
                LOG.warn("cannot look at group {} for rate limits, keeping the last shares: {}", topics.groupId(),
                        e.toString());
            }
            failing = true;
        }
        listeners.forEach(listener -> listener.accept(afterRebalance));
    }

    private GroupShare.Look lookAtGroup() throws Exception {
        final var admin = admin();
        final var group = topics.groupId();
        final int members = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).members().size();
        final var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final var topic = admin.describeTopics(List.of(topics.requests())).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topics.requests());
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (final var info : topic.partitions()) {
            final var partition = new TopicPartition(topics.requests(), info.partition());
            latest.put(partition, OffsetSpec.latest());
            if (committed.get(partition) == null) {
                earliest.put(partition, OffsetSpec.earliest());
            }
        }
        // Only committed requests are read (read_committed), so an open transaction's records are no backlog yet.
        final var options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        final var ends = admin.listOffsets(latest, options).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final var starts = earliest.isEmpty() ? Map.<TopicPartition, ListOffsetsResult
                .ListOffsetsResultInfo>of() : admin.listOffsets(earliest, options).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final Map<Integer, Long> backlog = new HashMap<>();
        for (final var end : ends.entrySet()) {
            final var done = committed.get(end.getKey());
            final long from = done != null ? done.offset() : starts.get(end.getKey()).offset();
            backlog.put(end.getKey().partition(), Math.max(0, end.getValue().offset() - from));
        }
        return new GroupShare.Look(members, backlog);
    }

    private Admin admin() {
        if (admin == null) {
            admin = KafkaClients.admin(kafka.clientProperties(), "group-watch");
        }
        return admin;
    }

    @PreDestroy
    public synchronized void close() {
        if (looker != null) {
            looker.shutdownNow();
            try {
                looker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
