package dev.numbers.connector.loop;

import dev.numbers.connector.executor.Outputs;
import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread's step from a polled record to work: takes an in-flight slot (or hands the rest of the partition
 * back with a seek, so the bound is strict), decodes, and either dispatches the request, dead-letters a record that
 * cannot be read, or, when the schema registry cannot serve, hands the partition back to rest and read it again
 * ({@link PartitionBackoff}), since that is not the record's fault.
 */
final class RecordIntake {

    private static final Logger LOG = LoggerFactory.getLogger(RecordIntake.class);

    /** Moves the consumer's position of a partition back to a record (the poll thread's {@code Consumer#seek}). */
    interface Rewind {
        void seek(TopicPartition partition, long offset);
    }

    private final Deserializer<NumberRequest> requests;
    private final RequestSlots slots;
    private final PartitionStates partitions;
    private final PartitionBackoff backoff;
    private final LoopServices services;
    private final Rewind rewind;

    RecordIntake(final Deserializer<NumberRequest> requests, final RequestSlots slots, final PartitionStates partitions,
                 final LoopServices services, final Rewind rewind) {
        this.requests = requests;
        this.slots = slots;
        this.partitions = partitions;
        this.backoff = new PartitionBackoff(services.maxBackoff());
        this.services = services;
        this.rewind = rewind;
    }

    /** Partitions handed back to the registry's backoff that should stay paused for now. */
    Set<TopicPartition> resting() {
        return backoff.resting();
    }

    void take(final Iterable<ConsumerRecord<byte[], byte[]>> records, final KeyedDispatch dispatch,
              final Consumer<Completion> deadLetter) {
        final Set<TopicPartition> handedBack = new HashSet<>();
        for (final var record : records) {
            final var partition = new TopicPartition(record.topic(), record.partition());
            if (handedBack.contains(partition)) {
                continue;
            }
            if (!slots.tryTake(partition, record.offset())) {
                // A poll can return more than the free slots: hand the rest back so the bound is strict.
                rewind.seek(partition, record.offset());
                handedBack.add(partition);
                continue;
            }
            final NumberRequest request;
            try {
                request = requests.deserialize(record.topic(), record.headers(), record.value());
                if (request == null) {
                    throw new SerializationException("tombstone: a request record must have a value");
                }
            } catch (RegistryUnavailableException e) {
                handBack(record, partition, e);
                handedBack.add(partition);
                continue;
            } catch (SerializationException e) {
                final var dlq = services.topics().dlq();
                LOG.warn("record {}@{} cannot be decoded ({}), sending it to {}", partition, record.offset(),
                        e.getClass().getSimpleName(), dlq);
                services.meters().counter("connector.dlq", "reason", e.getClass().getSimpleName()).increment();
                partitions.started(partition, record.offset());
                deadLetter.accept(new Completion(partition, partitions.epochs().of(partition), record.offset(), null,
                        new Outputs.Answered(List.of(DeadLetters.of(dlq, record, e)),
                                () -> List.of(DeadLetters.withoutValue(dlq, record, e)))));
                served(partition);
                continue;
            }
            served(partition);
            partitions.started(partition, record.offset());
            dispatch.chain(record, partition, request);
        }
    }

    /** Not the record's fault: read it again after a rest instead of dead-lettering a good request. */
    private void handBack(final ConsumerRecord<byte[], byte[]> record, final TopicPartition partition,
                          final RegistryUnavailableException e) {
        LOG.warn("schema registry unavailable, will re-read {}@{}: {}", partition, record.offset(), e.getMessage());
        services.meters().counter("connector.registry.refusals", "status", Integer.toString(e.httpStatus()))
                .increment();
        services.health().down(LoopHealth.Check.REGISTRY, "schema registry " + (e.httpStatus() == 401
                || e.httpStatus() == 403 ? "refuses the connector (HTTP " + e.httpStatus() + ")"
                : "unavailable") + ": " + e.getMessage());
        slots.released(partition, record.offset());
        rewind.seek(partition, record.offset());
        backoff.handBack(partition);
    }

    /** Partitions that left this member no longer wait for the registry here. */
    void forget(final Collection<TopicPartition> gone) {
        backoff.forget(gone);
        if (!backoff.anyHandedBack()) {
            services.health().up(LoopHealth.Check.REGISTRY);
        }
    }

    /** A record of the partition decoded: a hand-back it was resting from is over. */
    private void served(final TopicPartition partition) {
        if (backoff.anyHandedBack()) {
            backoff.served(partition);
            if (!backoff.anyHandedBack()) {
                services.health().up(LoopHealth.Check.REGISTRY);
            }
        }
    }
}
