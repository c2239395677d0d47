package dev.numbers.connector.quota;

import dev.numbers.connector.lane.KafkaPartitionReader;
import dev.numbers.connector.lane.KafkaTransactions;
import dev.numbers.connector.config.KafkaClients;
import dev.numbers.connector.observe.RegistryErrorMeter;
import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.RegistryErrors;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The running parts of quotas: the topic's record builder, the follower and its book, the reserver. */
record QuotaService(QuotaRecords records, QuotaBook book, QuotaFollower follower, QuotaReserver reserver)
        implements AutoCloseable {

    static QuotaService open(final QuotaSettings settings, final QuotaConfig config, final MeterRegistry meters) {
        final int partitions;
        try (var admin = KafkaClients.admin(settings.kafka(), "quotas-admin")) {
            partitions = QuotaTopic.prepare(admin, settings.topic(), config);
        }
        // A new transactional.id per incarnation: a crashed predecessor's open reservation is not fenced by us but
        // aborted by the broker after the short transaction timeout, so it can never be committed late.
        final var incarnation = settings.instanceId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        final var errors = RegistryErrorMeter.of(meters);
        final var records = new QuotaRecords(settings.topic(), partitions,
                RegistryErrors.reporting(new ConfluentAvroSerializer<QuotaEntry>(settings.serde()), errors),
                incarnation, Clock.systemUTC());
        final var book = new QuotaBook();
        final var follower = new QuotaFollower(settings.topic(), partitions,
                new KafkaPartitionReader(KafkaClients.consumer(settings.kafka(), "quotas-follower",
                        QuotaService::followerSettings)),
                RegistryErrors.reporting(new ConfluentAvroDeserializer<>(QuotaEntry.class, settings.serde()), errors),
                book, meters);
        final var transactionalId = settings.transactionalIdPrefix() + "-quotas-" + incarnation;
        final var reserver = new QuotaReserver(
                () -> new KafkaTransactions(producer(settings.kafka(), transactionalId, config)), records,
                follower, book, config.reserveTimeout(), meters);
        meters.gauge("connector.quota.tenants", book, QuotaBook::tenantCount);
        meters.gauge("connector.quota.reservations.open", book, QuotaBook::openCount);
        return new QuotaService(records, book, follower, reserver);
    }

    private static Producer<byte[], byte[]> producer(final Map<String, Object> kafka, final String transactionalId,
                                                     final QuotaConfig config) {
        // Its transactions are initialised by the reserver's lane, which also replaces it after a fatal error.
        return KafkaClients.producer(kafka, "quotas", props -> {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.reserveTimeout().toMillis());
        });
    }

    private static void followerSettings(final Map<String, Object> props) {
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The whole argument: a read_committed reader stops at the Last Stable Offset.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // An empty fetch at the LSO is answered after this long at most; it bounds how late a commit is noticed.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    }


    @Override
    public void close() {
        reserver.close();
        follower.close();
    }
}
