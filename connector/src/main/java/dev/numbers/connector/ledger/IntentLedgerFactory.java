package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.KafkaAppender;
import dev.numbers.connector.lane.KafkaPartitionReader;
import dev.numbers.connector.lane.KafkaTransactions;
import dev.numbers.connector.lane.PartitionReader;
import dev.numbers.connector.lane.Transactions;
import dev.numbers.connector.config.KafkaClients;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.connector.observe.RegistryErrorMeter;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.RegistryErrors;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Opens the ledger: checks (or creates) the compacted topic and builds its own Kafka clients. */
public final class IntentLedgerFactory {

    private static final int TAIL_FETCH_WAIT_MS = 10;

    private IntentLedgerFactory() {
    }

    /**
     * {@code kafka} holds the bootstrap servers and the user's pass-through client settings (security and the like);
     * what the ledger's guarantees depend on is set here and cannot be overridden.
     */
    public static IntentLedger open(final String topic, final Map<String, Object> kafka, final LedgerConfig config,
                                    final String instanceId, final SerdeConfig serde, final MeterRegistry meters) {
        final var admin = KafkaClients.admin(kafka, "intents-admin");
        final LedgerStore store;
        try {
            IntentTopic.ensure(admin, topic, config);
            store = LedgerStores.open(config, instanceId, topic, admin, meters);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        final var producer = KafkaClients.producer(kafka, "intents", IntentLedgerFactory::producerSettings);
        final var consumer = KafkaClients.consumer(kafka, "intents-reader", IntentLedgerFactory::readerSettings);
        final var fetcher = KafkaClients.consumer(kafka, "intents-fetcher", props -> {
            readerSettings(props);
            // It reads back COMPLETED intents the ledger points at, all committed (by this process's own transaction,
            // or read by a read_committed reader): read as they are, so another producer's open transaction before
            // one (a killed instance's, until it times out) cannot hold a duplicate's answer.
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        });
        final var registryErrors = RegistryErrorMeter.of(meters);
        final var ledger = new IntentLedger(topic, new KafkaAppender(producer),
                RegistryErrors.reporting(new ConfluentAvroSerializer<Intent>(serde), registryErrors),
                RegistryErrors.reporting(new ConfluentAvroDeserializer<>(Intent.class, serde), registryErrors),
                new IntentReader(topic, consumer, fetcher, admin), store, config, meters, Clock.systemUTC());
        ledger.expireEvery(config.expiryInterval());
        return ledger;
    }

    /**
     * The request_id claims of this process ({@code instance} plus a new incarnation per start): a board fed by
     * everything the ledger reads, a tail following the intents topic from now on, and the fenced writer of STARTED
     * intents (one transactional producer for every intents partition, {@code transactionalId}, and one per partition
     * where a claim had to wait, {@code transactionalId}-p&lt;partition&gt;). The tail starts far enough back
     * ({@link ClaimLife#lookback}) for the board to learn every claim written before this start that may still stand
     * in the way, whatever the ledger's checkpoint; {@code requestTimeout} is the provider calls' HTTP time-out.
     */
    public static Claims claims(final IntentLedger ledger, final String topic, final Map<String, Object> kafka,
                                final String instance, final String transactionalId, final ClaimConfig config,
                                final Duration requestTimeout, final MeterRegistry meters) {
        return claims(ledger, topic, kafka, instance, transactionalId, config, requestTimeout, meters,
                FencedClaimWriter.Hook.NONE);
    }

    static Claims claims(final IntentLedger ledger, final String topic, final Map<String, Object> kafka,
                         final String instance, final String transactionalId, final ClaimConfig config,
                         final Duration requestTimeout, final MeterRegistry meters, final FencedClaimWriter.Hook hook) {
        final var parts = new ClaimParts(() -> new KafkaPartitionReader(KafkaClients.consumer(kafka, "intents-tail",
                props -> {
                    readerSettings(props);
                    // A claim writer waits for this consumer to reach its STARTED: an idle fetch must not hold it.
                    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, TAIL_FETCH_WAIT_MS);
                })),
                () -> new KafkaPartitionReader(KafkaClients.consumer(kafka, "intents-fence",
                        IntentLedgerFactory::scanSettings)),
                suffix -> new KafkaTransactions(KafkaClients.producer(kafka, "claims" + suffix,
                        props -> claimSettings(props, transactionalId + suffix, config.transactionTimeout()))));
        return claims(ledger, topic, parts, instance, config, requestTimeout, meters, hook, Clock.systemUTC());
    }

    /**
     * What claims read and write the intents topic with: the tail's read_committed reader, the fence's
     * read_uncommitted one (a new one after a failed read), and a claim lane's transactional writer by the suffix of
     * its transactional.id. Kafka clients in production; partitions held in memory in the core's unit test.
     */
    record ClaimParts(Supplier<PartitionReader> tail, Supplier<PartitionReader> fence,
                      Function<String, Transactions> writers) {
    }

    /** The claims over {@code parts}: the one wiring production and the core's unit test share. */
    static Claims claims(final IntentLedger ledger, final String topic, final ClaimParts parts, final String instance,
                         final ClaimConfig config, final Duration requestTimeout, final MeterRegistry meters,
                         final FencedClaimWriter.Hook hook, final Clock clock) {
        final var life = ClaimLife.of(config, instance, clock.instant(), requestTimeout);
        final var board = new ClaimBoard();
        ledger.observeWith(board);
        final var tail = new IntentTail(topic, parts.tail().get(), ledger::observe,
                life.incarnationStart().minus(life.lookback(config.lease())), meters);
        ledger.followedBy(tail);
        final var writer = new FencedClaimWriter(tail.partitions(), parts.writers(),
                () -> new ClaimFence(tail, parts.fence(), config.fenceScanLimit(), meters),
                ledger::completedOf, config.transactionTimeout(), hook, meters);
        return new Claims(ledger, board, tail, writer, instance,
                UUID.randomUUID().toString().substring(0, 8), config, life, clock, meters);
    }

    /**
     * A claim lane's producer. The transactional.id is stable per instance id (and partition, for a partition's
     * lane), so a restarted instance fences its predecessor and aborts the transaction it left open at once, instead
     * of holding the intents partitions' last stable offset (and every claim on them) until the transaction times
     * out.
     */
    private static void claimSettings(final Map<String, Object> props, final String transactionalId,
                                      final Duration timeout) {
        producerSettings(props);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        // The claims of one cycle are sent together and should land as one batch (contiguous offsets).
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    }

    /**
     * The consumer the claim writer reads the intents partitions with before deciding without a wait
     * ({@link ClaimFence}): read_uncommitted, because a record of an open transaction is exactly what it looks for;
     * no offset reset, so a range the topic no longer has fails the read (the writer then waits) instead of reading
     * from elsewhere.
     */
    private static void scanSettings(final Map<String, Object> props) {
        readerSettings(props);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, TAIL_FETCH_WAIT_MS);
    }

    private static void producerSettings(final Map<String, Object> props) {
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
    }

    /** The ledger's readers: no group, read_committed unless a reader says otherwise, from the beginning. */
    private static void readerSettings(final Map<String, Object> props) {
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }
}
