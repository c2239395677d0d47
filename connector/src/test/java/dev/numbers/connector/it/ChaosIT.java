package dev.numbers.connector.it;

import dev.numbers.harness.KafkaServerCluster;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-instance chaos: three connector processes in one group on a three-node Kafka cluster, 5,000
 * purchases arriving over the run, 5% of request_ids sent a second time under another key. Meanwhile: at least 30
 * SIGKILLs of random instances at random moments (each restarted at once, as Kubernetes would), a fourth instance
 * started and the first stopped gracefully (rebalances), a SIGKILL and restart of one Kafka node, a stretch of
 * ambiguous purchases (performed, then the connection dropped) and a stretch of 503s at least 1.5 times the longest
 * rebalance measured before it (a graceful stop and two SIGKILLs, each from the event until the group is stable again
 * with every partition owned). Afterwards: exactly one committed result per request_id sent once, every repeat
 * answered with the same outcome, no number sold twice, every SUCCEEDED number sold exactly once, no committed STARTED
 * after a COMPLETED of its request_id, every request_id's latest intent COMPLETED, nothing lost, DLQ empty.
 */
class ChaosIT {

    private static final int REQUESTS = 5_000;
    /** Every 20th request_id (5%) is sent again under another key. */
    private static final int TWICE_EVERY = 20;
    private static final int KILLS = 30;
    private static final EndpointFault SLOW = EndpointFault.latency(20, 60);
    private static final EndpointFault SLOW_AND_AMBIGUOUS = new EndpointFault(20, 0, 500, 0, 0.15, 60);
    private static final EndpointFault UNAVAILABLE = EndpointFault.errors(1.0, 503);
    /** The shortest 503 stretch; it is made at least 1.5 times the longest rebalance measured before it. */
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    private static ProviderSimulator simulator;
    private static KafkaServerCluster broker;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        broker = KafkaServerCluster.start(Path.of("target", "it-brokers", "chaos-" + UUID.randomUUID())
                .toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        simulator.close();
    }

    @Test
    void manyInstancesUnderKillsRebalancesABrokerRestartAndProviderFaultsAnswerEveryRequestIdOnce() throws Exception {
        final var began = Instant.now();
        final var registry = SchemaRegistry.shared().url();
        final var topics = TestTopics.create(broker, "chaos");
        final var purchases = Purchase.distinct("chaos", "+1415555", REQUESTS);
        final var twice = purchases.stream().filter(p -> Integer.parseInt(p.requestId()
                .substring(6)) % TWICE_EVERY == 0)
                .map(Purchase::requestId).collect(Collectors.toSet());
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, SLOW);
        final var instances = new ArrayList<ConnectorProcess>();
        final var events = new ArrayList<String>();
        int kills = 0;
        try (var sender = new RequestSender(broker.bootstrapServers(), registry, topics.requests())) {
            for (int i = 1; i <= 4; i++) {
                // A short lease and provider margin: duplicates of a killed claimer's request_id are taken over within
                // ~40 s (lease, clock margin, request time-out, provider margin).
                instances.add(ConnectorProcess.forTest("ChaosIT-" + i, broker.bootstrapServers(), topics, simulator,
                        "chaos-connector-" + i, Map.of("connector.claims.lease", "24s",
                                "connector.claims.clock-margin", "5s", "connector.claims.provider-margin", "5s",
                                "connector.retry.max-attempts", "5")));
            }
            final var running = new ArrayList<>(instances.subList(0, 3));
            running.forEach(ConnectorProcess::start);
            for (final var instance : running) {
                instance.awaitUp(Duration.ofSeconds(120));
            }
            final var flow = Thread.ofVirtual().name("chaos-requests").start(() -> {
                for (int from = 0; from < REQUESTS; from += 50) {
                    final var batch = purchases.subList(from, Math.min(REQUESTS, from + 50));
                    sender.send(batch);
                    sender.sendUnderKey(batch.stream().filter(p -> twice.contains(p.requestId())).toList(), "again:");
                    try {
                        Thread.sleep(800); // the requests' arrival rate is the scenario
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            final var random = ThreadLocalRandom.current();
            final var rebalances = new ArrayList<String>();
            var longestRebalance = Duration.ZERO;
            Instant outageBegan = null;
            Instant outageEnds = null;
            var outage = Duration.ZERO;
            try (var group = new GroupWatch(broker.bootstrapServers(), topics.group(), topics.requests())) {
                // Kills go on while the 503 stretch lasts, so it overlaps the rebalances they cause.
                for (int k = 0; k < KILLS || outageEnds != null; k++) {
                    Thread.sleep(random.nextLong(1_000, 3_500)); // a random moment is the point of this test
                    if (k == 5) {
                        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, SLOW_AND_AMBIGUOUS);
                        events.add(at(began) + " ambiguous purchases (15%) begin");
                    }
                    if (k == 12) {
                        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, SLOW);
                        events.add(at(began) + " ambiguous purchases end");
                    }
                    if (k == 8) {
                        final var fourth = instances.get(3);
                        fourth.start();
                        running.add(fourth);
                        events.add(at(began) + " fourth instance started");
                    }
                    if (k == 15) {
                        // One node of three: on a one-node cluster Kafka can leave a hanging transaction behind
                        // (KafkaServerCluster).
                        final var node = broker.nodeIds().get(ThreadLocalRandom.current().nextInt(3));
                        broker.crash(node);
                        events.add(at(began) + " broker node " + node + " of 3 killed");
                        Thread.sleep(5_000); // how long the node is away is the scenario
                        broker.startAgain(node);
                        events.add(at(began) + " broker node " + node + " started again");
                    }
                    if (k == 20) {
                        final var first = instances.get(0);
                        running.remove(first);
                        final var from = Instant.now();
                        first.stop();
                        final var took = group.awaitLeft(from, first.instanceId());
                        longestRebalance = longer(longestRebalance, took);
                        rebalances.add("graceful stop of " + first.instanceId() + ": " + seconds(took));
                        events.add(at(began) + " first instance stopped gracefully; group settled after "
                                + seconds(took));
                    }
                    if (k == 22) {
                        // Clearly longer than any rebalance measured so far (a graceful stop, two SIGKILLs).
                        outage = longer(OUTAGE, longestRebalance.multipliedBy(3).dividedBy(2));
                        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, UNAVAILABLE);
                        outageBegan = Instant.now();
                        outageEnds = outageBegan.plus(outage);
                        events.add(at(began) + " purchases answer 503 for " + seconds(outage));
                    }
                    if (outageEnds != null && Instant.now().isAfter(outageEnds)) {
                        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, SLOW);
                        outage = Duration.between(outageBegan, Instant.now());
                        outageEnds = null;
                        events.add(at(began) + " 503s end after " + seconds(outage));
                    }
                    final var victim = running.get(random.nextInt(running.size()));
                    if (k == 1 || k == 21) {
                        final var memberBefore = group.members().get(victim.instanceId());
                        final var from = Instant.now();
                        victim.kill();
                        victim.start();
                        final var took = group.awaitRejoined(from, victim.instanceId(), memberBefore);
                        longestRebalance = longer(longestRebalance, took);
                        rebalances.add("SIGKILL and restart of " + victim.instanceId() + ": " + seconds(took));
                        events.add(at(began) + " SIGKILL of " + victim.instanceId() + "; back in the group after "
                                + seconds(took));
                    } else {
                        victim.kill();
                        victim.start();
                    }
                    kills++;
                }
            }
            simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, SLOW);
            flow.join(Duration.ofSeconds(120));
            final var chaosEnded = Instant.now();
            final boolean committed = CommittedRecords.awaitAllCommitted(broker.bootstrapServers(), topics,
                    Duration.ofSeconds(150));
            final var drained = Duration.between(chaosEnded, Instant.now());
            running.forEach(ConnectorProcess::stop);

            final List<NumberResult> results = CommittedRecords.results(broker.bootstrapServers(), registry,
                    topics.results());
            final Map<String, List<NumberResult>> byId = results.stream()
                    .collect(Collectors.groupingBy(r -> r.getRequestId().toString()));
            final var numberOf = purchases.stream().collect(Collectors.toMap(Purchase::requestId, Purchase::number));
            final var missing = purchases.stream().map(Purchase::requestId).filter(id -> !byId.containsKey(id))
                    .toList();
            // A repeat answered from the ledger may be answered again after a crash (its offset waits behind an
            // unfinished record, and only the executed record is recognised when redelivered): always alike, counted.
            final var wrongCount = byId.entrySet().stream()
                    .filter(e -> twice.contains(e.getKey()) ? e.getValue().size() < 2 : e.getValue().size() != 1)
                    .map(e -> e.getKey() + " x" + e.getValue().size() + " " + e.getValue().stream()
                            .map(r -> r.getStatus().name()).toList()).toList();
            final var differentAnswers = byId.entrySet().stream()
                    .filter(e -> e.getValue().stream().map(r -> r.getStatus() + " " + r.getResource()).distinct()
                            .count() > 1)
                    .map(Map.Entry::getKey).toList();
            final var soldTwice = purchases.stream().filter(p -> simulator.purchaseCount(p.number()) > 1)
                    .map(p -> p.number() + " x" + simulator.purchaseCount(p.number())).toList();
            final var succeededNotSoldOnce = byId.entrySet().stream()
                    .filter(e -> e.getValue().getFirst().getStatus() == ResultStatus.SUCCEEDED)
                    .filter(e -> simulator.purchaseCount(numberOf.get(e.getKey())) != 1)
                    .map(Map.Entry::getKey).toList();
            final long repeatsAnsweredAgain = byId.entrySet().stream().filter(e -> twice.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().size() - 2L).sum();
            final var byStatus = byId.values().stream().collect(Collectors.groupingBy(
                    r -> r.getFirst().getStatus() + (r.getFirst().getErrors().isEmpty() ? ""
                            : " " + r.getFirst().getErrors().getFirst().getCode()), TreeMap::new,
                    Collectors.counting()));
            final int dlq = CommittedRecords.readAll(broker.bootstrapServers(), topics.dlq()).size();
            final var intents = IntentHistory.read(broker.bootstrapServers(), registry, topics.intents());
            events.forEach(System.out::println);
            System.out.printf("%n===== ChaosIT: %d purchases (%d sent twice under two keys), 3-4 instances =====%n"
                            + "SIGKILLs:                               %d (starts: %s)%n"
                            + "results (read_committed):               %d for %d request_ids%n"
                            + "request_ids by outcome:                 %s%n"
                            + "request_ids without a result:           %d %s%n"
                            + "request_ids with a wrong result count:  %d %s%n"
                            + "repeat records answered again (alike):  %d%n"
                            + "request_ids answered differently:       %d %s%n"
                            + "numbers sold more than once:            %d %s%n"
                            + "SUCCEEDED not sold exactly once:        %d %s%n"
                            + "request_ids claimed by >1 claimant:     %d%n"
                            + "committed STARTED after a COMPLETED:    %d%n"
                            + "rebalances (event -> group stable):     %s; longest %s%n"
                            + "503 stretch:                            %s (longer than the longest rebalance: %s)%n"
                            + "request_ids whose latest intent is not COMPLETED: %d %s%n"
                            + "DLQ records:                            %d%n"
                            + "all committed: %s, drained %d s after the chaos; wall time %d s%n",
                    REQUESTS, twice.size(), kills, instances.stream().map(ConnectorProcess::starts).toList(),
                    results.size(), byId.size(), byStatus, missing.size(), first(missing), wrongCount.size(),
                    first(wrongCount), repeatsAnsweredAgain, differentAnswers.size(), first(differentAnswers),
                            soldTwice.size(),
                    first(soldTwice), succeededNotSoldOnce.size(), first(succeededNotSoldOnce),
                    intents.claimedByMoreThanOne(), intents.startedAfterCompleted(), rebalances,
                    seconds(longestRebalance), seconds(outage), outage.compareTo(longestRebalance) > 0,
                    intents.unfinished().size(),
                    first(intents.unfinished()), dlq, committed, drained.toSeconds(),
                    Duration.between(began, Instant.now()).toSeconds());
            final var soft = new SoftAssertions();
            soft.assertThat(kills).as("SIGKILLs").isGreaterThanOrEqualTo(30);
            soft.assertThat(committed).as("every request record committed; %s", instances.get(1).diagnosis())
                    .isTrue();
            soft.assertThat(missing).as("request_ids without a committed result").isEmpty();
            soft.assertThat(wrongCount).as("request_ids sent once not answered exactly once, or repeats not answered")
                    .isEmpty();
            soft.assertThat(differentAnswers).as("request_ids answered with different outcomes").isEmpty();
            soft.assertThat(soldTwice).as("numbers sold more than once").isEmpty();
            soft.assertThat(succeededNotSoldOnce).as("SUCCEEDED numbers not sold exactly once").isEmpty();
            soft.assertThat(intents.unfinished()).as("request_ids whose latest intent is not COMPLETED").isEmpty();
            soft.assertThat(intents.startedAfterCompleted()).as("committed STARTED intents after a COMPLETED of their"
                    + " request_id").isZero();
            soft.assertThat(rebalances).as("rebalances measured").hasSize(3);
            soft.assertThat(outage).as("the 503 stretch against the longest rebalance (%s)",
                    seconds(longestRebalance)).isGreaterThan(longestRebalance);
            soft.assertThat(dlq).as("DLQ records").isZero();
            soft.assertAll();
        } finally {
            instances.forEach(ConnectorProcess::close);
        }
    }

    private static Duration longer(final Duration a, final Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String seconds(final Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String at(final Instant began) {
        return "+" + Duration.between(began, Instant.now()).toSeconds() + " s";
    }

    private static List<String> first(final List<String> items) {
        return items.subList(0, Math.min(5, items.size()));
    }
}
