package dev.numbers.connector.quota;

import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.avro.QuotaState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Builds quota entries as records: keyed by tenant and request_id, placed explicitly in the tenant's partition (the
 * key alone would scatter one tenant over every partition, and the per-tenant lock is one partition's LSO).
 */
final class QuotaRecords {

    private final String topic;
    private final int partitions;
    private final Serializer<QuotaEntry> serializer;
    private final String writer;
    private final Clock clock;

    QuotaRecords(final String topic, final int partitions, final Serializer<QuotaEntry> serializer,
                 final String writer, final Clock clock) {
        this.topic = topic;
        this.partitions = partitions;
        this.serializer = serializer;
        this.writer = writer;
        this.clock = clock;
    }

    /** The quotas topic's partition count this process places reservations by, read once at start. */
    int partitions() {
        return partitions;
    }

    int partition(final String tenant) {
        return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** {@code account}: where the numbers are held ("PROVIDER/name"), for BOUGHT and RELEASED; null otherwise. */
    ProducerRecord<byte[], byte[]> record(final String tenant, final String requestId, final LocalDate day,
                                          final int count, final List<String> numbers, final QuotaState state,
                                          final String account) {
        final var entry = QuotaEntry.newBuilder().setTenant(tenant).setRequestId(requestId).setDay(day)
                .setNumbersCount(count).setNumbers(numbers).setState(state).setWrittenAt(clock.instant())
                .setWriter(writer).setAccount(account).build();
        return new ProducerRecord<>(topic, partition(tenant), key(tenant, requestId),
                serializer.serialize(topic, entry));
    }

    /** Length-prefixed, so no tenant name can make two tenants' keys equal. */
    static byte[] key(final String tenant, final String requestId) {
        return (tenant.length() + ":" + tenant + "|" + requestId).getBytes(StandardCharsets.UTF_8);
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
