package dev.numbers.connector.quota;

import dev.numbers.connector.lane.InMemoryTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * One process's real {@link Quotas} over a quotas topic held in memory: the {@link QuotaReserver} (its transactional
 * lane) and the {@link QuotaFollower} feeding its {@link QuotaBook}, as {@code QuotaService} wires them over Kafka.
 */
public final class QuotasOverTopics implements AutoCloseable {

    public static final String TOPIC = "quotas";

    private final Quotas quotas;
    private final QuotaFollower follower;
    private final QuotaReserver reserver;

    /** Every tenant may hold {@code total} numbers; creates the quotas topic in {@code topics} if it has none. */
    public QuotasOverTopics(final InMemoryTopics topics, final String writer, final int total,
                            final MeterRegistry meters) {
        synchronized (topics) {
            if (!topics.has(TOPIC)) {
                topics.topic(TOPIC, 1);
            }
        }
        final var config = new QuotaConfig(null, total, null, null, 1, (short) -1, Duration.ofSeconds(10),
                Duration.ofSeconds(8));
        final var records = new QuotaRecords(TOPIC, 1, (topic, entry) -> QuotaAvro.bytes(entry), writer,
                Clock.systemUTC());
        final var book = new QuotaBook();
        this.follower = new QuotaFollower(TOPIC, 1, topics.reader(), (topic, data) -> QuotaAvro.entry(data), book,
                meters);
        this.reserver = new QuotaReserver(() -> topics.writer(writer + "-quotas"), records, follower, book,
                config.reserveTimeout(), meters);
        this.quotas = new Quotas(config, meters);
        quotas.run(records, reserver);
    }

    public Quotas quotas() {
        return quotas;
    }

    @Override
    public void close() {
        quotas.close();
        reserver.close();
        follower.close();
    }
}
