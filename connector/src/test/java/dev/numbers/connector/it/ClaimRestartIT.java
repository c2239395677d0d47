package dev.numbers.connector.it;

import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling restart while purchases are in flight, as a new user would run one: two instances, SignalWire answering
 * purchases only after 30 s, one instance stopped gracefully and started again while they are in the provider's
 * hands, then the same request_ids sent again under other keys. The restarted instance must know the claims the other
 * instance still holds (its checkpoint lies past their STARTED intents) and must not take its own earlier
 * incarnation's claims for dead while their POSTs may still be performed. Before that, 36 of 60 request_ids were
 * POSTed twice. Asserted from the simulator's request log: one POST per request_id.
 */
class ClaimRestartIT {

    private static final int REQUESTS = 30;
    /** Longer than a graceful stop and a start: the POSTs are still in the provider's hands when the copies arrive. */
    private static final EndpointFault SLOW = EndpointFault.latency(30_000);
    /**
     * The provider's answer must come within the time-out, and a call within lease/2 − clock margin; a short drain
     * keeps the restart well inside the provider's 30 s. Copies wait out a live claim's lease, so it is kept short.
     */
    private static final Map<String, String> SLOW_PROVIDER = Map.of("connector.retry.request-timeout", "35s",
            "connector.claims.lease", "84s", "connector.claims.clock-margin", "5s",
            "connector.claims.provider-margin", "5s", "connector.drain-grace", "5s");
    private static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*\"([^\"]+)\"");

    @RegisterExtension
    static final SimulatorFixture FIXTURE = new SimulatorFixture();

    @Test
    void aGracefullyRestartedInstanceKnowsTheLiveClaimsAndEveryRequestIdIsPostedOnce() {
        final var simulator = FIXTURE.simulator();
        final var began = Instant.now();
        final var broker = KafkaBroker.shared();
        final var registry = SchemaRegistry.shared().url();
        final var topics = TestTopics.create(broker, "claim-restart");
        final var purchases = Purchase.distinct("claim-restart", "+1202557", REQUESTS);
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, SLOW);
        try (var sender = new RequestSender(broker.bootstrapServers(), registry, topics.requests());
             var one = ConnectorProcess.forTest("ClaimRestartIT-1", broker.bootstrapServers(), topics, simulator,
                     "claim-restart-1", SLOW_PROVIDER);
             var two = ConnectorProcess.forTest("ClaimRestartIT-2", broker.bootstrapServers(), topics, simulator,
                     "claim-restart-2", SLOW_PROVIDER)) {
            one.start();
            two.start();
            one.awaitUp(Duration.ofSeconds(120));
            two.awaitUp(Duration.ofSeconds(120));
            CommittedRecords.awaitMembersWithPartitions(broker.bootstrapServers(), topics.group(), 2,
                    Duration.ofSeconds(120));
            sender.send(purchases);
            // Every purchase is in the provider's hands, on both instances, before the restart.
            await().atMost(Duration.ofSeconds(50)).until(() -> posts(simulator).size() >= REQUESTS);
            // Its 30 s purchases are still open at the provider: the stop drains 5 s (once, not again when leaving
            // the group), interrupts them and closes the ledger last, within the usual bound.
            two.stop();
            two.start();
            two.awaitUp(Duration.ofSeconds(120));
            sender.sendUnderKey(purchases, "other-key:");
            final boolean committed = CommittedRecords.awaitAllCommitted(broker.bootstrapServers(), topics,
                    Duration.ofSeconds(420));
            one.stop();
            two.stop();

            final var postsPerNumber = posts(simulator).stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            final var postedTwice = purchases.stream()
                    .filter(p -> postsPerNumber.getOrDefault(p.number(), 0L) != 1)
                    .map(p -> p.requestId() + " x" + postsPerNumber.getOrDefault(p.number(), 0L)).toList();
            final List<NumberResult> results = CommittedRecords.results(broker.bootstrapServers(), registry,
                    topics.results());
            final var notSucceeded = results.stream().filter(r -> r.getStatus() != ResultStatus.SUCCEEDED)
                    .map(r -> r.getRequestId() + " " + r.getStatus() + " " + r.getErrors().stream()
                            .map(e -> String.valueOf(e.getCode())).toList()).toList();
            final var intents = IntentHistory.read(broker.bootstrapServers(), registry, topics.intents());
            System.out.printf("%n===== ClaimRestartIT: %d purchases answered after 30 s, one instance restarted"
                            + " gracefully meanwhile, then sent again under other keys =====%n"
                            + "request_ids not POSTed exactly once: %d %s%n"
                            + "results:                             %d (not SUCCEEDED: %d %s)%n"
                            + "request_ids claimed by both:         %d%n"
                            + "wall time:                           %d s; logs %s, %s%n",
                    REQUESTS, postedTwice.size(), first(postedTwice), results.size(), notSucceeded.size(),
                    first(notSucceeded), intents.claimedByMoreThanOne(),
                    Duration.between(began, Instant.now()).toSeconds(), one.log(), two.log());
            final var soft = new SoftAssertions();
            soft.assertThat(committed).as("every request record committed; %s", one.diagnosis()).isTrue();
            soft.assertThat(postedTwice).as("request_ids not POSTed exactly once").isEmpty();
            soft.assertThat(results).as("one result per request record").hasSize(2 * REQUESTS);
            soft.assertThat(notSucceeded).as("results not SUCCEEDED").isEmpty();
            soft.assertThat(intents.startedAfterCompleted()).as("committed STARTED after a COMPLETED").isZero();
            soft.assertAll();
        }
    }

    /** The number of every purchase POST the simulator received, in order. */
    private static List<String> posts(final ProviderSimulator simulator) {
        return simulator.requests().stream()
                .filter(r -> "POST".equals(r.method()) && r.path().endsWith("/phone_numbers"))
                .map(r -> NUMBER.matcher(String.valueOf(r.body())))
                .filter(Matcher::find)
                .map(m -> m.group(1)).toList();
    }

    private static List<String> first(final List<String> items) {
        return items.subList(0, Math.min(5, items.size()));
    }
}
