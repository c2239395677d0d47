package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** A topic step is tried again while the broker does not know a just-created topic yet, and only then. */
class MetadataSettlingTest {

    private final AtomicInteger tries = new AtomicInteger();

    @Test
    void aTopicTheBrokerDoesNotKnowYetIsTriedAgainUntilItDoes() throws Exception {
        final int partitions = MetadataSettling.retrying("quotas topic", Duration.ofSeconds(10), () -> {
            if (tries.incrementAndGet() < 3) {
                throw new ExecutionException(new UnknownTopicOrPartitionException("not hosted yet"));
            }
            return 6;
        });

        assertThat(partitions).isEqualTo(6);
        assertThat(tries).hasValue(3);
    }

    @Test
    void anErrorThatIsNotRetriableIsThrownAtOnce() {
        assertThatThrownBy(() -> MetadataSettling.retrying("quotas topic", Duration.ofSeconds(10),
                failing(new TopicAuthorizationException("denied"))))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aTopicThatNeverSettlesFailsOnceTheTimeIsUp() {
        assertThatThrownBy(() -> MetadataSettling.retrying("quotas topic", Duration.ofMillis(500),
                failing(new UnknownTopicOrPartitionException("never"))))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(tries.get()).isBetween(2, 5);
    }

    /** A step that always fails with {@code cause}, as the admin client's futures do, counting its tries. */
    private MetadataSettling.Step<Integer> failing(final RuntimeException cause) {
        return () -> {
            tries.incrementAndGet();
            throw new ExecutionException(cause);
        };
    }
}
