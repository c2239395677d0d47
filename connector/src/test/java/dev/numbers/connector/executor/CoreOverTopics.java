package dev.numbers.connector.executor;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.account.Secret;
import dev.numbers.connector.lane.InMemoryTopics;
import dev.numbers.connector.lane.Transactions;
import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.connector.ledger.LedgerOverTopics;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.quota.QuotasOverTopics;
import dev.numbers.connector.validation.RequestBounds;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One connector instance's exactly-once core over topics held in memory, every part the production one: the
 * {@link RequestPath} with its gate and executor, the {@link IntentLedger} with its claims (tail, fence, claim lanes;
 * {@link LedgerOverTopics}) and the quota reserver and follower ({@link QuotasOverTopics}). Only the provider
 * ({@link InMemoryProvider}) and the loop are stand-ins: {@link #handle} runs one request record and commits what it
 * leaves in one transaction on the topics, then tells the ledger where its COMPLETED landed, as the loop's committer
 * does. Instances sharing {@code topics} are two connectors on one cluster.
 */
final class CoreOverTopics implements AutoCloseable {

    static final String RESULTS = "results";

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InMemoryProvider provider;
    final LedgerOverTopics ledger;
    private final QuotasOverTopics quotas;
    private final InMemoryTopics topics;
    private final Transactions loop;
    private final RequestPath path;
    private boolean loopReady;

    /** {@code instance}: its id (a restart keeps it); every tenant may hold {@code dailyQuota} numbers. */
    CoreOverTopics(final InMemoryTopics topics, final String instance, final InMemoryProvider provider,
                   final int dailyQuota) {
        synchronized (topics) {
            if (!topics.has(RESULTS)) {
                topics.topic(RESULTS, 1);
            }
        }
        this.topics = topics;
        this.provider = provider;
        this.ledger = new LedgerOverTopics(topics, instance, meters);
        this.quotas = new QuotasOverTopics(topics, instance, dailyQuota, meters);
        this.loop = topics.writer(instance + "-loop");
        final var clock = Clock.systemUTC();
        final var limits = RequestLimits.defaults();
        final var signalWire = new AccountId(Provider.SIGNALWIRE, AccountCatalog.DEFAULT);
        final var telnyx = new AccountId(Provider.TELNYX, AccountCatalog.DEFAULT);
        final var accounts = new AccountCatalog(List.of(
                new ProviderAccount(signalWire, "http://signalwire.invalid", "project", new Secret.Fixed("t"), 10),
                new ProviderAccount(telnyx, "http://telnyx.invalid", null, new Secret.Fixed("k"), 10)),
                Map.of(), Map.of());
        final var executor = new RequestExecutor(new RequestValidator(), accounts, account -> provider,
                new ProviderHealth(meters, List.of(signalWire, telnyx)), meters, clock);
        final var view = LedgerView.of(ledger.ledger());
        this.path = new RequestPath(new RequestPath.Steps(new RequestBounds(limits, clock),
                new LedgerGate(view, LedgerGate.Claiming.of(ledger.claims(), clock), meters, clock), executor, view,
                QuotaDesk.of(quotas.quotas())),
                TestOutputs.unwatched(RESULTS), meters);
    }

    static NumberRequest purchase(final String id, final String number) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now()).setTenant("acme")
                .setCorrelationId(null).setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number)
                        .build()).build();
    }

    /** Runs the record at {@code offset} of the requests partition; what it leaves is committed. */
    Optional<Outputs> handle(final NumberRequest request, final long offset, final BooleanSupplier stopping) {
        final var outputs = path.handle(request, 100, new RecordRef("requests", 0, offset), stopping);
        outputs.ifPresent(this::commit);
        return outputs;
    }

    Optional<Outputs> handle(final NumberRequest request, final long offset) {
        return handle(request, offset, () -> false);
    }

    /** The loop's transaction: every record of the outputs or none; then the ledger settles the run's COMPLETED. */
    private synchronized void commit(final Outputs outputs) {
        if (!loopReady) {
            loop.init();
            loopReady = true;
        }
        loop.begin();
        final var landed = new HashMap<String, RecordMetadata>();
        try {
            for (final var record : outputs.records()) {
                final var at = loop.append(record).get();
                if (outputs instanceof Outputs.Ran ran && record == ran.completed()) {
                    landed.put(new String(record.key(), StandardCharsets.UTF_8), new RecordMetadata(
                            new TopicPartition(record.topic(), at.partition()), at.offset(), 0, 0L, -1, -1));
                }
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        loop.commit();
        ledger.ledger().committed(landed);
    }

    @Override
    public void close() {
        quotas.close();
        ledger.close();
    }
}
