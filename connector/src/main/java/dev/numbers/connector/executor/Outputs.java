package dev.numbers.connector.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one request record leaves to publish, saying itself whether the request ran: the committer learns the
 * provider path's latency only from a run, and tells the ledger only of a run's COMPLETED intent. {@link #compact}
 * is what goes instead when the broker refuses these records as too large.
 */
public sealed interface Outputs {

    /** The records to publish, in order. */
    List<ProducerRecord<byte[], byte[]>> records();

    /**
     * The outputs published in place of these after the broker refused one of them for its size. The compact form
     * is as small as it gets: its own compact form is itself.
     */
    Outputs compact();

    /**
     * The request ran now (or was rejected stale): its result, its COMPLETED intent and the quota records that
     * change with it, in one transaction.
     */
    record Ran(ProducerRecord<byte[], byte[]> result, ProducerRecord<byte[], byte[]> completed,
               List<ProducerRecord<byte[], byte[]>> settlements, Supplier<Ran> compacted) implements Outputs {

        public Ran {
            settlements = List.copyOf(settlements);
        }

        @Override
        public List<ProducerRecord<byte[], byte[]>> records() {
            final var all = new ArrayList<ProducerRecord<byte[], byte[]>>(2 + settlements.size());
            all.add(result);
            all.add(completed);
            all.addAll(settlements);
            return List.copyOf(all);
        }

        @Override
        public Ran compact() {
            return compacted == null ? this : compacted.get().withoutCompact();
        }

        private Ran withoutCompact() {
            return new Ran(result, completed, settlements, null);
        }
    }

    /**
     * Answered without running anything: a result replayed from the ledger, a refusal before the ledger, an internal
     * error, a dead-lettered copy, or nothing at all (a record answered before a restart).
     */
    record Answered(List<ProducerRecord<byte[], byte[]>> records,
                    Supplier<List<ProducerRecord<byte[], byte[]>>> compacted) implements Outputs {

        public Answered {
            records = List.copyOf(records);
        }

        /** Records that have no smaller form. */
        public static Answered of(final List<ProducerRecord<byte[], byte[]>> records) {
            return new Answered(records, null);
        }

        public static Answered nothing() {
            return of(List.of());
        }

        @Override
        public Answered compact() {
            return compacted == null ? this : of(compacted.get());
        }
    }
}
