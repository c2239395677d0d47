package dev.numbers.connector.provider;

import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.NumberConfigured;
import dev.numbers.schemas.avro.ProviderError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * A purchase followed by the configuration of what it bought, as one outcome. The purchase is never undone and never
 * hidden: whatever the configuration does, the outcome is the purchase's, with the configuration's report beside it
 * (refused or failed, its errors under {@code configuration.}). A run resumed after a crash reaches the configuration
 * again through the purchase's own reconciliation (the number is found, not bought again), and configuring is
 * desired-state, so running it twice changes nothing more.
 */
public final class BuyAndConfigure {

    /** One number to configure: the outcome of its configure call, or null when it was not reached. */
    public record Step(String id, String number, Outcome outcome) {
    }

    private BuyAndConfigure() {
    }

    /** {@code configure} maps a succeeded purchase to its configuration steps (one per number bought). */
    public static Outcome run(final Outcome purchase, final Function<Outcome.Succeeded, List<Step>> configure) {
        if (!(purchase instanceof Outcome.Succeeded bought)) {
            return purchase;
        }
        final var steps = configure.apply(bought);
        if (steps.isEmpty()) {
            return bought;
        }
        int attempts = bought.attempts();
        final var changed = new LinkedHashSet<String>();
        final var errors = new ArrayList<ProviderError>();
        String state = Configurations.UNCHANGED;
        for (final var step : steps) {
            attempts += step.outcome().attempts();
            switch (step.outcome()) {
                case Outcome.Succeeded s -> {
                    if (s.resource() instanceof NumberConfigured done) {
                        changed.addAll(done.getChangedFields());
                        state = worse(state, done.getState());
                    }
                }
                case Outcome.Rejected r -> {
                    errors.addAll(scoped(r.errors()));
                    state = worse(state, Configurations.REFUSED);
                }
                case Outcome.Failed f -> {
                    errors.addAll(scoped(f.errors()));
                    state = worse(state, Configurations.FAILED);
                }
            }
        }
        final var single = steps.size() == 1 ? steps.getFirst() : null;
        final var report = Configurations.configured(single == null ? null : single.id(),
                single == null ? null : single.number(), state, List.copyOf(changed));
        return new Outcome.Succeeded(bought.resource(), bought.providerPayload(), attempts, bought.reconciled(),
                new Outcome.Configuration(report, errors));
    }

    /** unchanged < applied < refused < failed: the report states the worst that happened to any number. */
    private static String worse(final String a, final String b) {
        final var order = List.of(Configurations.UNCHANGED, Configurations.APPLIED, Configurations.REFUSED,
                Configurations.FAILED);
        return order.indexOf(b) > order.indexOf(a) ? b : a;
    }

    private static List<ProviderError> scoped(final List<ProviderError> errors) {
        return errors.stream().map(e -> ProviderError.newBuilder(e)
                .setField(e.getField() == null ? "configuration" : "configuration." + e.getField()).build()).toList();
    }
}
