package dev.numbers.connector.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * The user's view after a run: the committed results (read_committed), what the provider sold, the DLQ. Printed in
 * full, then checked: one SUCCEEDED result per request_id naming the number bought, every number sold exactly once,
 * nothing dead-lettered.
 */
final class DeliveryReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 15;

    private final String title;
    private final int requests;
    private final int results;
    private final Map<String, List<NumberResult>> byId;
    private final List<String> missing;
    private final List<String> duplicated;
    private final List<String> unexpected;
    private final Map<ResultStatus, Long> byStatus = new EnumMap<>(ResultStatus.class);
    private final List<String> notSucceeded;
    private final List<String> wrongNumber;
    private final long reconciled;
    private final int maxAttempts;
    private final List<String> neverSold;
    private final List<String> soldMoreThanOnce;
    private final int soldOnce;
    private final long postedMoreThanOnce;
    private final int dlq;

    private DeliveryReport(final String title, final List<Purchase> purchases, final List<NumberResult> all,
                           final ProviderSimulator simulator, final int dlq) {
        this.title = title;
        this.requests = purchases.size();
        this.results = all.size();
        this.dlq = dlq;
        final var numberOf = purchases.stream().collect(Collectors.toMap(Purchase::requestId, Purchase::number));
        byId = all.stream().collect(Collectors.groupingBy(NumberResult::getRequestId, LinkedHashMap::new,
                Collectors.toList()));
        missing = purchases.stream().map(Purchase::requestId).filter(id -> !byId.containsKey(id)).toList();
        duplicated = byId.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " x" + e.getValue().size() + " " + e.getValue().stream()
                        .map(r -> r.getStatus().name()).toList())
                .toList();
        unexpected = byId.keySet().stream().filter(id -> !numberOf.containsKey(id)).toList();
        all.forEach(r -> byStatus.merge(r.getStatus(), 1L, Long::sum));
        notSucceeded = all.stream().filter(r -> r.getStatus() != ResultStatus.SUCCEEDED)
                .map(r -> r.getRequestId() + " " + numberOf.get(r.getRequestId()) + " " + r.getStatus() + " "
                        + r.getErrors().stream().map(ProviderError::getCode).toList() + " attempts=" + r.getAttempts())
                .toList();
        wrongNumber = all.stream().filter(r -> r.getStatus() == ResultStatus.SUCCEEDED)
                .filter(r -> !(r.getResource() instanceof PhoneNumber n && n.getNumber()
                        .equals(numberOf.get(r.getRequestId()))))
                .map(r -> r.getRequestId() + " asked " + numberOf.get(r.getRequestId()) + " got " + r.getResource())
                .toList();
        reconciled = all.stream().filter(r -> Boolean.TRUE.equals(r.getReconciled())).count();
        maxAttempts = all.stream().mapToInt(NumberResult::getAttempts).max().orElse(0);
        final Map<String, Integer> sold = purchases.stream()
                .collect(Collectors.toMap(Purchase::number, p -> simulator.purchaseCount(p.number())));
        soldOnce = (int) sold.values().stream().filter(c -> c == 1).count();
        neverSold = sold.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).sorted().toList();
        soldMoreThanOnce = sold.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
        postedMoreThanOnce = purchasePosts(simulator, sold.keySet()).values().stream().filter(c -> c > 1).count();
    }

    /** Reads the results and the DLQ as a read_committed consumer and compares them with what was asked. */
    static DeliveryReport of(final String title, final List<Purchase> purchases, final String bootstrap,
                             final String registry, final TestTopics topics, final ProviderSimulator simulator) {
        try (var decoder = new ConfluentAvroDeserializer<>(NumberResult.class, SerdeConfig.of(registry))) {
            final var results = CommittedRecords.readAll(bootstrap, topics.results()).stream()
                    .map(r -> decoder.deserialize(topics.results(), r.value())).toList();
            final int dlq = CommittedRecords.readAll(bootstrap, topics.dlq()).size();
            return new DeliveryReport(title, purchases, results, simulator, dlq);
        }
    }

    /** How often each of {@code numbers} was POSTed to SignalWire's purchase endpoint (re-posts show here). */
    private static Map<String, Integer> purchasePosts(final ProviderSimulator simulator, final Set<String> numbers) {
        final Map<String, Integer> posts = new HashMap<>();
        for (final var request : simulator.requests()) {
            if (request.method().equals("POST") && request.path().endsWith("/phone_numbers")) {
                final String number = numberIn(request.body());
                if (numbers.contains(number)) {
                    posts.merge(number, 1, Integer::sum);
                }
            }
        }
        return posts;
    }

    private static String numberIn(final String body) {
        try {
            return JSON.readTree(body).path("number").asText();
        } catch (IOException e) {
            return "";
        }
    }

    void print(final String extra) {
        final var out = new StringBuilder("\n===== ").append(title).append(" =====\n")
                .append("requests sent:                ").append(requests).append('\n')
                .append(extra.isEmpty() ? "" : extra + "\n")
                .append("results (read_committed):     ").append(results).append('\n')
                .append("distinct request_ids:         ").append(byId.size()).append('\n')
                .append("request_ids with >1 result:   ").append(duplicated.size()).append('\n')
                .append("request_ids without result:   ").append(missing.size()).append('\n')
                .append("results by status:            ").append(byStatus).append('\n')
                .append("results reconciled:           ").append(reconciled).append('\n')
                .append("max attempts of a result:     ").append(maxAttempts).append('\n')
                .append("numbers sold once:            ").append(soldOnce).append('\n')
                .append("numbers sold twice or more:   ").append(soldMoreThanOnce.size()).append('\n')
                .append("numbers never sold:           ").append(neverSold.size()).append('\n')
                .append("numbers POSTed more than once:").append(' ').append(postedMoreThanOnce)
                .append("  (fine when the earlier post was not performed: 503, or lost before the provider)\n")
                .append("DLQ records:                  ").append(dlq).append('\n');
        section(out, "duplicated", duplicated);
        section(out, "missing", missing);
        section(out, "not SUCCEEDED", notSucceeded);
        section(out, "SUCCEEDED with another number", wrongNumber);
        section(out, "sold twice or more", soldMoreThanOnce);
        section(out, "never sold", neverSold);
        section(out, "result for a request never sent", unexpected);
        System.out.println(out);
    }

    private static void section(final StringBuilder out, final String name, final List<String> items) {
        if (!items.isEmpty()) {
            out.append("first ").append(name).append(" (of ").append(items.size()).append("):\n  ")
                    .append(String.join("\n  ", items.subList(0, Math.min(SHOWN, items.size())))).append('\n');
        }
    }

    /** One SUCCEEDED result per request naming its number, each number sold exactly once, an empty DLQ. */
    void assertExactlyOnce(final String diagnosis) {
        final var soft = new SoftAssertions();
        soft.assertThat(missing).as("request_ids without a committed result; %s", diagnosis).isEmpty();
        soft.assertThat(duplicated).as("request_ids with more than one committed result").isEmpty();
        soft.assertThat(notSucceeded).as("results that are not SUCCEEDED (of %s)", results).isEmpty();
        soft.assertThat(wrongNumber).as("SUCCEEDED results naming another number").isEmpty();
        soft.assertThat(unexpected).as("results for request_ids never sent").isEmpty();
        soft.assertThat(soldMoreThanOnce).as("numbers the provider sold more than once").isEmpty();
        soft.assertThat(neverSold).as("numbers the provider never sold").isEmpty();
        soft.assertThat(dlq).as("DLQ records").isZero();
        soft.assertAll();
    }

    int maxAttempts() {
        return maxAttempts;
    }
}
