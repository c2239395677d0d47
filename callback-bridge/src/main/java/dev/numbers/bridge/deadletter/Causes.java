package dev.numbers.bridge.deadletter;

import dev.numbers.schemas.serde.RegistryUnavailableException;
import dev.numbers.schemas.serde.UndecodableRecordException;
import java.util.Locale;
import java.util.Optional;

/** Reads an exception chain for what decides a record's fate: its own bytes, or the registry being away. */
final class Causes {

    private Causes() {
    }

    /**
     * The registry could not be reached or refused us (401/403, 5xx, throttling): not the record's fault, so it must
     * not be dead-lettered; the stream thread fails instead and health says why.
     */
    static boolean registryUnavailable(final Throwable error) {
        return find(error, RegistryUnavailableException.class).isPresent();
    }

    /** The metric reason: the serde's own reason for undecodable bytes, else the exception's simple name. */
    static String reason(final Throwable error) {
        return find(error, UndecodableRecordException.class)
                .map(e -> e.reason().name().toLowerCase(Locale.ROOT))
                .orElseGet(() -> snake(rootOf(error).getClass().getSimpleName()));
    }

    static <T extends Throwable> Optional<T> find(final Throwable error, final Class<T> type) {
        var current = error;
        for (int depth = 0; current != null && depth < 16; depth++, current = current.getCause()) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
        }
        return Optional.empty();
    }

    private static Throwable rootOf(final Throwable error) {
        var current = error;
        for (int depth = 0; current.getCause() != null && depth < 16; depth++) {
            current = current.getCause();
        }
        return current;
    }

    private static String snake(final String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
