package dev.numbers.connector.loop;

import dev.numbers.connector.executor.Outputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.connector.observe.TracingConfig;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Key-ordered dispatch with the request path faked: a key's requests one after another, different keys at once, one
 * request_id never twice at once even under two keys, and a revoked partition's queued work never reaches the path.
 */
class KeyedDispatchTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoopServices services = new LoopServices(
            new TopicsConfig("requests", "results", "dlq", "intents", "quotas", "g"), new LoopHealth(5, meters), meters,
            new RequestTracing(new TracingConfig(null, "test")), Duration.ofMillis(100), Duration.ZERO);
    private final PartitionEpochs epochs = new PartitionEpochs();
    private final Map<Long, CountDownLatch> mayFinish = new ConcurrentHashMap<>();
    private final List<Long> started = new CopyOnWriteArrayList<>();
    private final List<Completion> finished = new CopyOnWriteArrayList<>();
    private final KeyedDispatch dispatch = new KeyedDispatch((request, bytes, source, cancelled) -> {
        started.add(source.offset());
        try {
            mayFinish.computeIfAbsent(source.offset(), o -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of(Outputs.Answered.nothing());
    }, epochs, services, () -> false, finished::add);
    private long nextOffset;

    @AfterEach
    void close() {
        mayFinish.values().forEach(CountDownLatch::countDown);
        dispatch.close();
    }

    private long dispatch(final String key, final String requestId) {
        final long offset = nextOffset++;
        final var request = NumberRequest.newBuilder().setRequestId(requestId).setRequestedAt(Instant.now())
                .setTenant(null).setCorrelationId(null).setOperation(SignalWirePurchasePhoneNumber.newBuilder()
                        .setNumber("+12025550123").build()).build();
        dispatch.chain(new ConsumerRecord<>(P0.topic(), P0.partition(), offset, key.getBytes(), new byte[0]), P0,
                request);
        return offset;
    }

    private void release(final long offset) {
        mayFinish.computeIfAbsent(offset, o -> new CountDownLatch(1)).countDown();
    }

    private List<Long> finishedOffsets() {
        return finished.stream().map(Completion::offset).toList();
    }

    @Test
    void aKeysRequestsRunOneAfterAnotherAndOtherKeysRunMeanwhile() {
        epochs.assigned(List.of(P0));
        final long a1 = dispatch("a", "r1");
        final long a2 = dispatch("a", "r2");
        final long b1 = dispatch("b", "r3");

        await().atMost(Duration.ofSeconds(10)).until(() -> started.containsAll(List.of(a1, b1)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !started.contains(a2));
        release(a1);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.contains(a2));
        release(a2);
        release(b1);
        await().atMost(Duration.ofSeconds(10)).until(() -> finished.size() == 3);
        assertThat(started.indexOf(a1)).isLessThan(started.indexOf(a2));
    }

    @Test
    void oneRequestIdUnderTwoKeysNeverRunsTwiceAtOnce() {
        epochs.assigned(List.of(P0));
        final long first = dispatch("a", "same");
        final long repeat = dispatch("b", "same");

        await().atMost(Duration.ofSeconds(10)).until(() -> started.contains(first));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !started.contains(repeat));
        release(first);
        release(repeat);
        await().atMost(Duration.ofSeconds(10)).until(() -> finishedOffsets().containsAll(List.of(first, repeat)));
    }

    @Test
    void workQueuedBehindARevokedPartitionIsCancelledBeforeItRuns() {
        epochs.assigned(List.of(P0));
        final long running = dispatch("a", "r1");
        final long queued = dispatch("a", "r2");
        await().atMost(Duration.ofSeconds(10)).until(() -> started.contains(running));

        epochs.revoked(List.of(P0));
        release(running);

        await().atMost(Duration.ofSeconds(10)).until(() -> finished.size() == 2);
        assertThat(started).containsExactly(running);
        final var cancelled = finished.stream().filter(done -> done.offset() == queued).findFirst().orElseThrow();
        assertThat(cancelled.outputs().records()).isEmpty();
        assertThat(epochs.holds(P0, cancelled.epoch())).isFalse();
        assertThat(meters.counter("connector.requests.cancelled").count()).isEqualTo(1.0);
    }

    @Test
    void requestsEndedByTheStopAreCountedAndLeaveNoCompletion() {
        final var stopping = new AtomicBoolean();
        final var proceed = new CountDownLatch(1);
        final var stopped = new KeyedDispatch((request, bytes, source, cancelled) -> {
            started.add(source.offset());
            try {
                proceed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // As the request path does when its claim is revoked by the stop: nothing to publish.
            return cancelled.getAsBoolean() ? Optional.empty() : Optional.of(Outputs.Answered.nothing());
        }, epochs, services, stopping::get, finished::add);
        try {
            epochs.assigned(List.of(P0));
            final var request = NumberRequest.newBuilder().setRequestId("r1").setRequestedAt(Instant.now())
                    .setTenant(null).setCorrelationId(null).setOperation(SignalWirePurchasePhoneNumber.newBuilder()
                            .setNumber("+12025550123").build()).build();
            stopped.chain(new ConsumerRecord<>(P0.topic(), 0, 0, "a".getBytes(), new byte[0]), P0, request);
            stopped.chain(new ConsumerRecord<>(P0.topic(), 0, 1, "a".getBytes(), new byte[0]), P0,
                    NumberRequest.newBuilder(request).setRequestId("r2").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> started.contains(0L));
            assertThat(stopped.leftAtStop()).isZero();

            stopping.set(true);
            proceed.countDown();

            // The running one and the one queued behind it: both ended, neither completed (their offsets must
            // stay uncommitted), so a drain waiting for "running" requests can end at once.
            await().atMost(Duration.ofSeconds(10)).until(() -> stopped.leftAtStop() == 2);
            assertThat(finished).isEmpty();
            assertThat(started).containsExactly(0L);
        } finally {
            stopped.close();
        }
    }
}
