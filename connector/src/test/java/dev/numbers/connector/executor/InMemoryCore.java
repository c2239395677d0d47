package dev.numbers.connector.executor;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.account.Secret;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.validation.RequestBounds;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The exactly-once core without Kafka: the real {@link RequestPath}, {@link LedgerGate} and {@link RequestExecutor}
 * over the in-memory ledger, claims, quota and provider. {@link #handle} runs one request record and, when it leaves
 * outputs, commits them the way the loop's transaction does (the ledger learns a run's COMPLETED). No threads, no
 * sleeps: the clock is fixed and a registry outage is waited out through a pause that returns at once.
 */
final class InMemoryCore {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final Duration DEDUPE_WINDOW = Duration.ofDays(7);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryLedger ledger = new InMemoryLedger(DEDUPE_WINDOW, clock);
    final InMemoryClaims claims = new InMemoryClaims(ledger);
    final InMemoryProvider provider = new InMemoryProvider();
    final InMemoryQuota quota;
    final List<Outputs> committed = new ArrayList<>();
    final AtomicInteger resultsDown = new AtomicInteger();
    final AtomicInteger decisions = new AtomicInteger();
    /** Every wait the path asked for; {@link #duringWaits} runs in each (time passing, an operator's fix). */
    final List<Duration> waits = new ArrayList<>();
    final AccountId signalWire = new AccountId(Provider.SIGNALWIRE, AccountCatalog.DEFAULT);
    final ProviderHealth health;
    Runnable duringWaits = () -> { };
    private final RequestPath path;

    InMemoryCore(final int dailyQuota) {
        this(dailyQuota, (topic, result) -> Avro.bytes(result));
    }

    InMemoryCore(final int dailyQuota, final Serializer<NumberResult> serializer) {
        this.quota = new InMemoryQuota(dailyQuota);
        final var limits = RequestLimits.defaults();
        final var telnyx = new AccountId(Provider.TELNYX, AccountCatalog.DEFAULT);
        final var accounts = new AccountCatalog(List.of(
                new ProviderAccount(signalWire, "http://signalwire.invalid", "project", new Secret.Fixed("t"), 10),
                new ProviderAccount(telnyx, "http://telnyx.invalid", null, new Secret.Fixed("k"), 10)),
                Map.of(), Map.of());
        this.health = new ProviderHealth(meters, List.of(signalWire, telnyx));
        final var executor = new RequestExecutor(new RequestValidator(), accounts, account -> provider, health,
                meters, clock);
        final LedgerGate.Claiming counted = (request, attempt, prior, stopping) -> {
            decisions.incrementAndGet();
            return claims.claim(request, attempt, prior, stopping);
        };
        this.path = new RequestPath(new RequestPath.Steps(new RequestBounds(limits, clock),
                new LedgerGate(ledger, counted, meters, clock), executor, ledger, quota),
                new RequestPath.Publishing(new ResultBounds(limits), new ResultRecords("results", serializer),
                        new RequestPath.ResultsHealth() {
                            @Override
                            public void up() {
                            }

                            @Override
                            public void down(final String reason) {
                                resultsDown.incrementAndGet();
                            }
                        }, wait -> {
                            waits.add(wait);
                            duringWaits.run();
                            return true;
                        }, Duration.ofSeconds(1)), meters);
    }

    static NumberRequest purchase(final String id, final String number) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(NOW).setTenant("acme")
                .setCorrelationId(null).setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number)
                        .build()).build();
    }

    /** Runs the record at {@code offset} of partition 0; what it leaves is committed. */
    Optional<Outputs> handle(final NumberRequest request, final long offset, final BooleanSupplier stopping) {
        final var outputs = path.handle(request, 100, new RecordRef("requests", 0, offset), stopping);
        outputs.ifPresent(done -> {
            ledger.commit(done);
            committed.add(done);
        });
        return outputs;
    }

    Optional<Outputs> handle(final NumberRequest request, final long offset) {
        return handle(request, offset, () -> false);
    }
}
