package dev.numbers.connector.account;

import dev.numbers.connector.operation.NumberSettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * An account's {@code number-defaults}: the settings every number bought or configured through it gets unless the
 * request names the field itself. Keys are the field names of the provider's configuration record (kebab or snake
 * case); a key that is not one, or a value of the wrong kind, stops the start-up naming the key.
 */
final class NumberDefaults {

    private NumberDefaults() {
    }

    static ProviderAccount with(final ProviderAccount account, final String prefix, final Map<String, String> raw,
                                final Schema configuration) {
        if (raw == null || raw.isEmpty()) {
            return account;
        }
        final var fields = new LinkedHashMap<String, Object>();
        // Sorted, so the settings (and any message about them) do not depend on the order properties were read in.
        new TreeMap<>(raw).forEach((key, value) -> {
            final var name = key.replace('-', '_').toLowerCase(Locale.ROOT);
            final var field = configuration.getField(name);
            final var where = prefix + ".number-defaults." + key;
            if (field == null) {
                throw new AccountConfigException(where + ": not a number setting; one of "
                        + configuration.getFields().stream().map(Schema.Field::name).toList());
            }
            fields.put(name, value(where, field.schema(), value));
        });
        return new ProviderAccount(account.id(), account.baseUrl(), account.user(), account.secret(),
                account.requestsPerSecond(), new NumberSettings(fields));
    }

    private static Object value(final String where, final Schema nullable, final String value) {
        final var type = nullable.getTypes().get(1).getType();
        return switch (type) {
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new AccountConfigException(where + ": true or false, not '" + value + "'");
                }
                yield Boolean.valueOf(value);
            }
            case ARRAY -> List.copyOf(Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                    .toList());
            default -> value;
        };
    }
}
