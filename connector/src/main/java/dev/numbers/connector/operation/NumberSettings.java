package dev.numbers.connector.operation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The desired settings of one number, keyed by the request's field names (which are the provider's), in request
 * order; only the fields a producer (or an account default) gave are present, so a configuration changes those and
 * nothing else. Values are {@code String}, {@code Boolean} or {@code List<String>}.
 */
public record NumberSettings(Map<String, Object> fields) {

    public NumberSettings {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static NumberSettings none() {
        return new NumberSettings(Map.of());
    }

    /** The set fields of a generated configuration record; empty settings for null. */
    public static NumberSettings of(final SpecificRecord configuration) {
        final var fields = new LinkedHashMap<String, Object>();
        if (configuration != null) {
            for (final var field : configuration.getSchema().getFields()) {
                final var value = configuration.get(field.pos());
                if (value instanceof CharSequence text) {
                    fields.put(field.name(), text.toString());
                } else if (value instanceof List<?> list) {
                    final var texts = new ArrayList<String>();
                    list.forEach(item -> texts.add(String.valueOf(item)));
                    fields.put(field.name(), List.copyOf(texts));
                } else if (value != null) {
                    fields.put(field.name(), value);
                }
            }
        }
        return new NumberSettings(fields);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** These settings over {@code defaults}: a field given here wins, a default fills only what is missing. */
    public NumberSettings over(final NumberSettings defaults) {
        final var merged = new LinkedHashMap<>(defaults.fields);
        merged.putAll(fields);
        return new NumberSettings(merged);
    }
}
