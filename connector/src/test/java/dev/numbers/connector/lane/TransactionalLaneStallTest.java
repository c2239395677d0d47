package dev.numbers.connector.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lane whose transaction never ends (a commit the broker does not answer) says so, naming itself, and moves on
 * without a report once the commit returns. Partitions held in memory: commits are held there, nothing sleeps.
 */
class TransactionalLaneStallTest {

    private static final Duration AFTER = Duration.ofMillis(20);
    private static final Duration SOON = Duration.ofSeconds(5);

    private final InMemoryTopics topics = new InMemoryTopics().topic("t", 1);
    private final TransactionalLane<String> lane = new TransactionalLane<>("test-lane",
            new LaneProducer(() -> topics.writer("lane")), Duration.ofMillis(50), false);

    private Runnable release = () -> { };

    @AfterEach
    void close() {
        release.run();
        lane.close();
    }

    private void start() {
        lane.start(new TransactionalLane.Work<>() {
            @Override
            public List<String> batch(final String first) {
                return List.of(first);
            }

            @Override
            public void cycle(final List<String> batch, final LaneProducer producer) {
                final var writer = producer.get();
                writer.begin();
                batch.forEach(item -> writer.append(new ProducerRecord<>("t", 0, null,
                        item.getBytes(StandardCharsets.UTF_8))));
                writer.commit();
            }

            @Override
            public void stopped(final String waiting) {
            }
        });
    }

    @Test
    void aCommitNotDoneInTimeIsReportedNamingTheLaneAndClearsOnceItIsDone() {
        start();
        assertThat(lane.stalled(AFTER)).isEmpty();
        release = topics.holdCommits();

        lane.add("a");
        lane.add("b");
        await().atMost(SOON).until(() -> lane.stalled(AFTER).isPresent());

        assertThat(lane.stalled(AFTER)).get().asString().contains("lane test-lane")
                .contains("1 item(s) waiting behind it");
        release.run();
        await().atMost(SOON).until(() -> topics.committed("t", 0).size() == 2);
        assertThat(lane.stalled(AFTER)).isEmpty();
    }
}
