package dev.numbers.schemas.serde;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Lets a service see every registry failure of a serializer or deserializer (to count it) without the serde
 * depending on a metrics library. The failure is still thrown: what to do with the record stays the caller's call.
 */
public final class RegistryErrors {

    /** The values {@link #kind} returns, so a service can create its counters before the first failure. */
    public static final List<String> KINDS = List.of("unavailable", "not_found", "incompatible", "refused");

    private RegistryErrors() {
    }

    /** A short, bounded label for the failure (for a metric tag; never the message). */
    public static String kind(final SchemaRegistryException e) {
        return switch (e) {
            case RegistryUnavailableException u -> "unavailable";
            case SchemaNotFoundException n -> "not_found";
            case IncompatibleSchemaException i -> "incompatible";
            default -> "refused";
        };
    }

    /**
     * A failure handler that runs the counter of the failure's kind; {@code counterOfKind} is asked once per kind,
     * up front, so every counter exists (at 0) before the first failure.
     */
    public static Consumer<SchemaRegistryException> counting(final Function<String, Runnable> counterOfKind) {
        final Map<String, Runnable> counters = new HashMap<>();
        KINDS.forEach(kind -> counters.put(kind, counterOfKind.apply(kind)));
        return e -> counters.get(kind(e)).run();
    }

    public static <T> Serializer<T> reporting(final Serializer<T> delegate,
                                              final Consumer<SchemaRegistryException> onError) {
        return new Serializer<>() {
            @Override
            public void configure(final Map<String, ?> configs, final boolean isKey) {
                delegate.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(final String topic, final T data) {
                return reported(() -> delegate.serialize(topic, data), onError);
            }

            @Override
            public byte[] serialize(final String topic, final Headers headers, final T data) {
                return reported(() -> delegate.serialize(topic, headers, data), onError);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    public static <T> Deserializer<T> reporting(final Deserializer<T> delegate,
                                                final Consumer<SchemaRegistryException> onError) {
        return new Deserializer<>() {
            @Override
            public void configure(final Map<String, ?> configs, final boolean isKey) {
                delegate.configure(configs, isKey);
            }

            @Override
            public T deserialize(final String topic, final byte[] data) {
                return reported(() -> delegate.deserialize(topic, data), onError);
            }

            @Override
            public T deserialize(final String topic, final Headers headers, final byte[] data) {
                return reported(() -> delegate.deserialize(topic, headers, data), onError);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    public static <T> Serde<T> reporting(final Serde<T> delegate, final Consumer<SchemaRegistryException> onError) {
        return Serdes.serdeFrom(reporting(delegate.serializer(), onError), reporting(delegate.deserializer(), onError));
    }

    private static <R> R reported(final Supplier<R> call, final Consumer<SchemaRegistryException> onError) {
        try {
            return call.get();
        } catch (SchemaRegistryException e) {
            onError.accept(e);
            throw e;
        }
    }
}
