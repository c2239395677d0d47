package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireReleasePhoneNumber;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-tenant quotas across two connector instances (real broker, registry, simulator over HTTP): many purchases of
 * one tenant at once, spread over both instances, end with exactly the limit bought and the rest REJECTED
 * quota_exceeded naming the limit and the count; a release gives one back to the total; a restarted connector counts
 * on from the quotas topic; the per-day limit refuses the same way; a request without a tenant is not limited.
 */
class QuotaIT {

    private static final int LIMIT = 5;
    private static final int CONCURRENT = 24;
    private static final String TENANT = "team-quota";
    @RegisterExtension
    static final SimulatorFixture FIXTURE = new SimulatorFixture();

    @Test
    void aTenantsPurchasesStopExactlyAtItsLimitAcrossTwoInstancesAndRestarts() {
        final var began = Instant.now();
        final var broker = KafkaBroker.shared();
        final var registry = SchemaRegistry.shared().url();
        final var topics = TestTopics.create(broker, "quota");
        final var settings = new HashMap<String, Object>();
        settings.put("connector.topics.quotas", "it.quotas." + topics.group());
        settings.put("connector.quotas.per-day", 3);
        settings.put("connector.quotas.tenant-per-day." + TENANT, -1);
        settings.put("connector.quotas.tenant-total." + TENANT, LIMIT);
        // Slow purchases keep the admitted ones in flight while the others are decided.
        FIXTURE.simulator().faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(100, 300));
        final var burst = purchases(TENANT, "burst", "+1202557", CONCURRENT);
        final Map<String, NumberResult> answered;
        try (var sender = new RequestSender(broker.bootstrapServers(), registry, topics.requests());
             var collector = ResultCollector.on(broker, FIXTURE.serde(), topics);
             var one = new RunningConnector(broker.bootstrapServers(), registry, topics, FIXTURE.simulator(),
                     "quota-1", settings);
             var two = new RunningConnector(broker.bootstrapServers(), registry, topics, FIXTURE.simulator(),
                     "quota-2", settings)) {
            CommittedRecords.awaitMembersWithPartitions(broker.bootstrapServers(), topics.group(), 2,
                    Duration.ofSeconds(60));
            sender.sendRequests(burst);
            answered = awaitResults(collector, burst);
            final var succeeded = ids(answered, ResultStatus.SUCCEEDED);
            final var refused = answered.values().stream().filter(QuotaIT::quotaExceeded).toList();
            final int sold = burst.stream().mapToInt(r -> FIXTURE.simulator().purchaseCount(number(r))).sum();
            final var byInstance = List.of(meter(one, "connector.requests"), meter(two, "connector.requests"));
            final var reservations = List.of(meter(one, "connector.quota.transactions"),
                    meter(two, "connector.quota.transactions"));
            System.out.printf("%n===== QuotaIT: %d purchases of tenant %s at once, total limit %d, two instances"
                            + " =====%nSUCCEEDED %d, REJECTED quota_exceeded %d, other %d; numbers sold by the"
                            + " simulator %d; requests handled per instance %s; reservation transactions per"
                            + " instance %s%nfirst refusal: %s%n", CONCURRENT,
                    TENANT, LIMIT, succeeded.size(), refused.size(), CONCURRENT - succeeded.size() - refused.size(),
                    sold, byInstance, reservations,
                    refused.isEmpty() ? "-" : refused.get(0).getErrors().get(0).getDetail());
            // The race ran: both instances reserved for the same tenant partition.
            assertThat(byInstance).as("requests handled per instance").allMatch(n -> n > 0);
            assertThat(reservations).as("reservation transactions per instance").allMatch(n -> n > 0);
            assertThat(succeeded).hasSize(LIMIT);
            assertThat(refused).hasSize(CONCURRENT - LIMIT).allSatisfy(r -> {
                assertThat(r.getErrors().get(0).getDetail().toString())
                        .contains("window=total", "limit=" + LIMIT, "count=" + LIMIT);
                assertThat(r.getAttempts()).as("no provider call").isZero();
            });
            assertThat(sold).as("numbers the simulator sold").isEqualTo(LIMIT);

            // A release gives one back to the total: one more purchase goes through, the next is refused again.
            final var released = burst.stream().filter(r -> succeeded.contains(r.getRequestId())).findFirst()
                    .orElseThrow();
            final var release = request(TENANT, "release-1", SignalWireReleasePhoneNumber.newBuilder()
                    .setNumber(number(released)).build());
            sender.sendRequests(List.of(release));
            assertThat(awaitResults(collector, List.of(release)).get("release-1").getStatus())
                    .isEqualTo(ResultStatus.SUCCEEDED);
            final var again = purchases(TENANT, "after-release", "+1202558", 2);
            sender.sendRequests(again.subList(0, 1));
            assertThat(awaitResults(collector, again.subList(0, 1)).get("after-release-0").getStatus())
                    .as("the purchase after a release").isEqualTo(ResultStatus.SUCCEEDED);
            sender.sendRequests(again.subList(1, 2));
            assertThat(awaitResults(collector, again.subList(1, 2)).get("after-release-1"))
                    .as("the purchase after that").matches(QuotaIT::quotaExceeded);

            // The per-day default for every other tenant; no tenant: no limit.
            final var daily = purchases("team-daily", "daily", "+1202559", 4);
            final var untenanted = purchases(null, "no-tenant", "+1202550", 4);
            sender.sendRequests(daily);
            sender.sendRequests(untenanted);
            final var dailyResults = awaitResults(collector, daily);
            assertThat(ids(dailyResults, ResultStatus.SUCCEEDED)).hasSize(3);
            assertThat(dailyResults.values().stream().filter(QuotaIT::quotaExceeded).toList()).singleElement()
                    .satisfies(r -> assertThat(r.getErrors().get(0).getDetail().toString())
                            .contains("window=day", "limit=3", "count=3"));
            assertThat(ids(awaitResults(collector, untenanted), ResultStatus.SUCCEEDED)).hasSize(4);
            System.out.printf("release gave one back (then 1 SUCCEEDED, 1 refused); per-day default 3: team-daily 3"
                    + " SUCCEEDED 1 refused; 4 requests without a tenant all SUCCEEDED%n");
        }

        // A connector started afresh reads the counts back from the quotas topic.
        FIXTURE.simulator().faults().clear();
        try (var sender = new RequestSender(broker.bootstrapServers(), registry, topics.requests());
             var collector = ResultCollector.on(broker, FIXTURE.serde(), topics);
             var restarted = new RunningConnector(broker.bootstrapServers(), registry, topics,
                     FIXTURE.simulator(), "quota-3", settings)) {
            final var late = purchases(TENANT, "after-restart", "+1202551", 1);
            sender.sendRequests(late);
            final var result = awaitResults(collector, late).get("after-restart-0");
            System.out.printf("after a restart (%d quota entries read back): %s %s%nwall time %d s%n",
                    meter(restarted, "connector.quota.records.read"), result.getStatus(),
                    result.getErrors().isEmpty() ? "" : result.getErrors().get(0).getDetail(),
                    Duration.between(began, Instant.now()).toSeconds());
            assertThat(result).matches(QuotaIT::quotaExceeded);
            assertThat(result.getErrors().get(0).getDetail().toString()).contains("limit=" + LIMIT, "count=" + LIMIT);
            assertThat(FIXTURE.simulator().purchaseCount("+12025510000")).isZero();
        }
    }

    private static List<NumberRequest> purchases(final String tenant, final String prefix, final String exchange,
                                                 final int count) {
        return IntStream.range(0, count).mapToObj(i -> request(tenant, prefix + "-" + i,
                SignalWirePurchasePhoneNumber.newBuilder().setNumber(exchange + String.format("%04d", i)).build()))
                .toList();
    }

    private static NumberRequest request(final String tenant, final String id, final Object operation) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now()).setTenant(tenant)
                .setOperation(operation).build();
    }

    private static String number(final NumberRequest request) {
        return ((SignalWirePurchasePhoneNumber) request.getOperation()).getNumber();
    }

    private static Map<String, NumberResult> awaitResults(final ResultCollector collector,
                                                          final List<NumberRequest> requests) {
        await().atMost(Duration.ofSeconds(60)).until(() -> requests.stream()
                .allMatch(r -> collector.result(r.getRequestId()) != null));
        final var results = new HashMap<String, NumberResult>();
        requests.forEach(r -> results.put(r.getRequestId(), collector.result(r.getRequestId()).value()));
        return results;
    }

    private static List<String> ids(final Map<String, NumberResult> results, final ResultStatus status) {
        return results.values().stream().filter(r -> r.getStatus() == status)
                .map(r -> r.getRequestId().toString()).toList();
    }

    private static boolean quotaExceeded(final NumberResult result) {
        return result.getStatus() == ResultStatus.REJECTED && result.getErrors().size() == 1
                && "quota_exceeded".contentEquals(result.getErrors().get(0).getCode());
    }

    /** The sum of one of this instance's counters over all its tags. */
    private static long meter(final RunningConnector connector, final String counter) {
        return Math.round(connector.context().getBean(MeterRegistry.class)
                .find(counter).counters().stream().mapToDouble(c -> c.count()).sum());
    }
}
