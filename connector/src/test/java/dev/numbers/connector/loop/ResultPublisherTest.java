package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The transaction owner, against Kafka's own MockProducer: what is retried in place and what rebuilds the producer. */
class ResultPublisherTest {

    private final List<MockProducer<byte[], byte[]>> built = new ArrayList<>();
    private final AtomicInteger recreated = new AtomicInteger();
    private final ResultPublisher publisher = new ResultPublisher(() -> {
        final var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        built.add(producer);
        return producer;
    }, recreated::incrementAndGet);

    private static List<ProducerRecord<byte[], byte[]>> one() {
        return List.of(new ProducerRecord<>("results", "k".getBytes(), "v".getBytes()));
    }

    @Test
    void aFencedProducerIsReplacedAndTheNextTransactionCommits() {
        built.getFirst().fenceProducer();
        assertThatThrownBy(() -> publisher.publish(one(), Map.of(), new ConsumerGroupMetadata("g")))
                .isInstanceOf(ResultPublisher.Aborted.class);
        assertThat(recreated).hasValue(1);
        assertThat(built).hasSize(2);
        assertThat(publisher.publish(one(), Map.of(), new ConsumerGroupMetadata("g"))).hasSize(1);
        assertThat(built.get(1).transactionCommitted()).isTrue();
    }

    @Test
    void aFailedCommitIsAbortedAndTheSameProducerTriesAgain() {
        built.getFirst().commitTransactionException = new KafkaException("coordinator moved");
        assertThatThrownBy(() -> publisher.publish(one(), Map.of(), new ConsumerGroupMetadata("g")))
                .isInstanceOf(ResultPublisher.Aborted.class);
        assertThat(built.getFirst().transactionAborted()).isTrue();
        assertThat(recreated).hasValue(0);
        built.getFirst().commitTransactionException = null;
        assertThat(publisher.publish(one(), Map.of(), new ConsumerGroupMetadata("g"))).hasSize(1);
        assertThat(built).hasSize(1);
    }

    @Test
    void aCommitThatTimedOutIsAskedAgainNotAbortedAndPublishedOnce() {
        final var commits = new AtomicInteger();
        final var timingOut = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void commitTransaction() {
                if (commits.incrementAndGet() == 1) {
                    // EndTxn may have reached the coordinator: a rebuilt producer would complete this commit.
                    throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
                }
                super.commitTransaction();
            }
        };
        final var publishing = new ResultPublisher(() -> timingOut, recreated::incrementAndGet);

        assertThat(publishing.publish(one(), Map.of(), new ConsumerGroupMetadata("g"))).hasSize(1);
        assertThat(commits).hasValue(2);
        assertThat(timingOut.transactionAborted()).isFalse();
        assertThat(timingOut.transactionCommitted()).isTrue();
        assertThat(timingOut.history()).hasSize(1);
        assertThat(recreated).hasValue(0);
    }

    @Test
    void aCommitThatKeepsTimingOutStopsThePublisherInsteadOfCountingAsAborted() {
        final var timingOut = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void commitTransaction() {
                throw new TimeoutException("Timeout expired while awaiting EndTxn(true)");
            }
        };
        final var publishing = new ResultPublisher(() -> timingOut, recreated::incrementAndGet);

        assertThatThrownBy(() -> publishing.publish(one(), Map.of(), new ConsumerGroupMetadata("g")))
                .isInstanceOf(ResultPublisher.Undecided.class).isNotInstanceOf(KafkaException.class);
        assertThat(timingOut.transactionAborted()).isFalse();
        assertThat(recreated).hasValue(0);
    }

    @Test
    void aRecordStillUnacknowledgedAfterTheFlushAbortsTheTransactionInsteadOfCommittingItsOffsets() {
        final var stuck = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                // returns while the record's future is still pending: what CrashIT once met
            }
        };
        final var fresh = new ArrayList<MockProducer<byte[], byte[]>>();
        final var publishing = new ResultPublisher(() -> {
            if (fresh.isEmpty() && !stuck.closed()) {
                fresh.add(stuck);
                return stuck;
            }
            final var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            fresh.add(producer);
            return producer;
        }, recreated::incrementAndGet);

        assertThatThrownBy(() -> publishing.publish(one(), Map.of(), new ConsumerGroupMetadata("g")))
                .isInstanceOf(ResultPublisher.Aborted.class).hasMessageContaining("not acknowledged");
        assertThat(stuck.transactionCommitted()).isFalse();
        assertThat(stuck.transactionAborted()).isTrue();
        assertThat(recreated).hasValue(1);
        assertThat(publishing.publish(one(), Map.of(), new ConsumerGroupMetadata("g"))).hasSize(1);
        assertThat(fresh.get(1).transactionCommitted()).isTrue();
    }
}
