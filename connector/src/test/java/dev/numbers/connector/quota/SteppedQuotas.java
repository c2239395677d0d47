package dev.numbers.connector.quota;

import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.avro.QuotaState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The production {@link Quotas} (admission, refusal, settlement) over a committed quotas log the simulation holds.
 * Each decision is the production {@link QuotaRule} over a production {@link QuotaBook} that has read the whole log
 * first, which is what the reserver's transaction guarantees on a broker; an admitted reservation is appended
 * committed, as the reserver commits it before it answers. One thread; no Kafka.
 */
public final class SteppedQuotas {

    public static final String TOPIC = "quotas";

    private final List<QuotaEntry> log;
    private final Clock clock;

    /** {@code log}: the committed quota entries, shared by every simulated process. */
    public SteppedQuotas(final List<QuotaEntry> log, final Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** One process's quotas (what it admitted is its own), limiting every tenant to {@code total} numbers held. */
    public Quotas process(final String writer, final int total) {
        final var config = new QuotaConfig(null, total, null, null, 1, (short) -1, Duration.ofSeconds(10),
                Duration.ofSeconds(8));
        final var quotas = new Quotas(config, new SimpleMeterRegistry());
        final var records = new QuotaRecords(TOPIC, 1, (topic, entry) -> QuotaAvro.bytes(entry), writer, clock);
        quotas.run(records, new Stepped(records));
        return quotas;
    }

    /** What the committed log counts for {@code tenant}, read by a production book from its beginning. */
    public Counted counted(final String tenant) {
        final var book = new QuotaBook();
        log.forEach(book::apply);
        return new Counted(book.counts(tenant, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).total(),
                book.openCount());
    }

    /** A tenant's total count, and the reservations of any tenant not answered by a BOUGHT or RETURNED. */
    public record Counted(int total, int open) {
    }

    /** The entry a settlement record carries, as the simulation commits it with its result. */
    public static QuotaEntry entry(final ProducerRecord<byte[], byte[]> record) {
        return QuotaAvro.entry(record.value());
    }

    /** Reservations decided at once: nothing else runs while one is decided. */
    private final class Stepped implements Reservations {

        private final QuotaRecords records;
        private final QuotaBook book = new QuotaBook();
        private int read;

        private Stepped(final QuotaRecords records) {
            this.records = records;
        }

        @Override
        public CompletableFuture<QuotaReserver.Decision> ask(final String tenant, final String requestId,
                                                             final int count, final QuotaConfig.Limits limits) {
            return decide(tenant, requestId, count, limits, null);
        }

        @Override
        public CompletableFuture<QuotaReserver.Decision> askRelease(final String tenant, final String requestId,
                                                                    final QuotaBook.Holding release,
                                                                    final QuotaConfig.Limits limits) {
            return decide(tenant, requestId, 0, limits, release);
        }

        private CompletableFuture<QuotaReserver.Decision> decide(final String tenant, final String requestId,
                                                                 final int count, final QuotaConfig.Limits limits,
                                                                 final QuotaBook.Holding release) {
            for (; read < log.size(); read++) {
                book.apply(log.get(read));
            }
            final var today = records.today();
            final var decision = QuotaRule.decide(book, tenant, requestId, count, limits, release, today);
            if (decision instanceof QuotaReserver.Decision.Admitted) {
                log.add(entry(records.record(tenant, requestId, today, count, List.of(), QuotaState.RESERVED,
                        null)));
            }
            return CompletableFuture.completedFuture(decision);
        }
    }
}
