package dev.numbers.connector.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.NumberConfigured;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Desired-state configuration, the same for every provider: compare the settings asked for with the number's
 * current ones and write only those that differ, so a repeat writes nothing and answers {@code unchanged}.
 */
public final class Configurations {

    public static final String APPLIED = "applied";
    public static final String UNCHANGED = "unchanged";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    private Configurations() {
    }

    /** The fields of {@code desired} whose value differs from the current one {@code current} gives by name. */
    public static List<String> changes(final NumberSettings desired, final Function<String, JsonNode> current) {
        final var changed = new ArrayList<String>();
        desired.fields().forEach((field, value) -> {
            if (!same(value, current.apply(field))) {
                changed.add(field);
            }
        });
        return changed;
    }

    /** A provider holds tags as a set: the same tags in another order are no change. */
    static boolean same(final Object desired, final JsonNode current) {
        if (current == null || current.isNull() || current.isMissingNode()) {
            return false;
        }
        return switch (desired) {
            case Boolean flag -> current.isBoolean() && current.booleanValue() == flag;
            case List<?> list -> {
                if (!current.isArray()) {
                    yield false;
                }
                final var held = new HashSet<String>();
                current.forEach(item -> held.add(item.asText()));
                yield held.equals(new HashSet<>(list.stream().map(String::valueOf).toList()));
            }
            default -> current.isValueNode() && current.asText().equals(String.valueOf(desired));
        };
    }

    public static NumberConfigured configured(final String id, final String number, final String state,
                                              final List<String> changed) {
        return NumberConfigured.newBuilder().setId(id).setNumber(number).setState(state)
                .setChangedFields(List.copyOf(changed)).build();
    }

    /** A number the account does not hold is never written to: REJECTED before any write. */
    public static Outcome notOwned(final String target, final String field, final int attempts) {
        return new Outcome.Rejected(List.of(Errors.of("not_owned", "Number not owned",
                "the account does not own " + target, field)), null, attempts);
    }
}
