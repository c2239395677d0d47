package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The position rule with a fake consumer view and clock: a partition owned longer than the limit without a position
 * turns health DOWN naming it and what holds the group's offsets, counted once, the WARN repeated at its interval,
 * UP once the position is known; a slow start, a rebalance or a fresh group never gets there.
 */
class PositionWatchTest {

    private static final Duration AFTER = Duration.ofSeconds(30);
    private static final TopicPartition REQUESTS_0 = new TopicPartition("requests", 0);
    private static final TopicPartition REQUESTS_1 = new TopicPartition("requests", 1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoopHealth health = new LoopHealth(5, meters);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FakeConsumer consumer = new FakeConsumer();
    private final FakeHolders holders = new FakeHolders();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final PositionWatch watch = new PositionWatch(AFTER, holders, health, meters, clock::get);

    @BeforeEach
    void listen() {
        log.start();
        ((Logger) LoggerFactory.getLogger(PositionWatch.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(PositionWatch.class)).detachAppender(log);
        watch.close();
    }

    @Test
    void partitionsWithoutAPositionPastTheLimitTurnHealthDownNamingThemAndTheirHoldersUntilThePositionIsKnown() {
        consumer.assigned.addAll(List.of(REQUESTS_0, REQUESTS_1));
        consumer.known.add(REQUESTS_1);
        lookFor(AFTER.plusSeconds(1));

        watch.check();

        assertThat(health.isUp()).isFalse();
        assertThat(health.reasons().get("positions")).contains("no position for [requests-0] for 31 s")
                .contains("__consumer_offsets-3").contains("transaction of 'holder'")
                .contains("HANGING: __consumer_offsets-3: hanging one").doesNotContain("requests-1");
        assertThat(holders.asked).containsExactly(List.of(REQUESTS_0));
        assertThat(warnings()).singleElement().satisfies(line -> assertThat(line)
                .contains("the consumer polls but has no position for [requests-0]"));
        assertThat(meters.counter("connector.loop.position.stalls").count()).isEqualTo(1);
        assertThat(meters.get("connector.health.down").tag("check", "positions").gauge().value()).isEqualTo(1);

        lookFor(Duration.ofSeconds(20));
        watch.check();
        assertThat(warnings()).as("not again before the repeat interval").hasSize(1);
        lookFor(PositionWatch.REPEAT_EVERY);
        watch.check();
        assertThat(warnings()).as("repeated while it lasts").hasSize(2);
        assertThat(meters.counter("connector.loop.position.stalls").count()).as("one stall, counted once")
                .isEqualTo(1);

        consumer.known.add(REQUESTS_0);
        lookFor(Duration.ofSeconds(1));
        watch.check();
        assertThat(health.isUp()).isTrue();
        assertThat(meters.get("connector.health.down").tag("check", "positions").gauge().value()).isZero();
    }

    @Test
    void aSlowStartARebalanceOrAFreshGroupIsNotReported() {
        consumer.assigned.add(REQUESTS_0);
        lookFor(AFTER.minusSeconds(1));
        watch.check();
        assertThat(health.isUp()).as("slow start, under the limit").isTrue();

        // A rebalance hands the partition out again: its clock starts afresh.
        watch.assigned(List.of(REQUESTS_0));
        lookFor(AFTER.minusSeconds(1));
        watch.check();
        assertThat(health.isUp()).as("under the limit since the rebalance").isTrue();

        // auto.offset.reset gives a fresh group its position: known, however long it has been assigned.
        consumer.known.add(REQUESTS_0);
        lookFor(AFTER.multipliedBy(10));
        watch.check();

        watch.forget(List.of(REQUESTS_0));
        consumer.assigned.clear();
        watch.check();
        assertThat(health.isUp()).isTrue();
        assertThat(holders.asked).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThat(meters.counter("connector.loop.position.stalls").count()).isZero();
    }

    @Test
    void aPartitionRevokedWhileWaitingIsNotReported() {
        consumer.assigned.add(REQUESTS_0);
        lookFor(Duration.ofSeconds(10));
        watch.forget(List.of(REQUESTS_0));
        consumer.assigned.clear();
        clock.addAndGet(AFTER.toNanos());
        watch.check();
        assertThat(health.isUp()).isTrue();
        assertThat(holders.asked).isEmpty();
    }

    @Test
    void zeroTurnsTheCheckOff() {
        final var off = new PositionWatch(Duration.ZERO, holders, health, meters, clock::get);
        consumer.assigned.add(REQUESTS_0);
        off.look(consumer);
        clock.addAndGet(Duration.ofHours(1).toNanos());
        off.look(consumer);
        off.check();
        off.close();
        assertThat(health.isUp()).isTrue();
        assertThat(consumer.asked).isZero();
    }

    /** The poll thread's looks over {@code span}, a second apart, as the loop does them. */
    private void lookFor(final Duration span) {
        final long end = clock.get() + span.toNanos();
        while (clock.get() < end) {
            watch.look(consumer);
            clock.addAndGet(Math.min(Duration.ofSeconds(1).toNanos(), end - clock.get()));
        }
        watch.look(consumer);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static final class FakeConsumer implements PositionWatch.Positions {
        final Set<TopicPartition> assigned = new HashSet<>();
        final Set<TopicPartition> known = new HashSet<>();
        int asked;

        @Override
        public Set<TopicPartition> assigned() {
            return Set.copyOf(assigned);
        }

        @Override
        public boolean known(final TopicPartition partition) {
            asked++;
            return known.contains(partition);
        }
    }

    private static final class FakeHolders implements PositionWatch.Holders {
        final List<List<TopicPartition>> asked = new ArrayList<>();

        @Override
        public PositionWatch.Held describe(final Collection<TopicPartition> waiting) {
            asked.add(List.copyOf(waiting));
            return new PositionWatch.Held("__consumer_offsets-3", "__consumer_offsets-3: transaction of 'holder'",
                    List.of("__consumer_offsets-3: hanging one"));
        }

        @Override
        public void close() {
        }
    }
}
