package dev.numbers.sandbox.cli;

import dev.numbers.schemas.avro.SignalWireNumberConfiguration;
import dev.numbers.schemas.avro.TelnyxNumberConfiguration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import picocli.CommandLine.Option;

/**
 * {@code --set FIELD=VALUE} (repeatable): number settings by the field names of the provider's configuration record,
 * so every setting the contract knows is reachable without an option per field. Booleans are true/false, tags are
 * comma-separated. A field the record does not have fails naming the fields it does.
 */
public final class ConfigurationOptions {

    @Option(names = "--set", paramLabel = "FIELD=VALUE",
            description = "A number setting, repeatable: e.g. call_handler=relay_topic, call_relay_topic=office"
                    + " (SignalWire), messaging_profile_id=ID, tags=a,b, cnam_listing_enabled=true (Telnyx).")
    Map<String, String> settings = new LinkedHashMap<>();

    boolean isEmpty() {
        return settings.isEmpty();
    }

    /** The settings as SignalWire's configuration record; null when none were given. */
    SignalWireNumberConfiguration signalWire() {
        return isEmpty() ? null : fill(new SignalWireNumberConfiguration());
    }

    /** The settings as Telnyx's configuration record; null when none were given. */
    TelnyxNumberConfiguration telnyx() {
        return isEmpty() ? null : fill(new TelnyxNumberConfiguration());
    }

    private <T extends SpecificRecordBase> T fill(final T record) {
        final var schema = record.getSchema();
        settings.forEach((name, value) -> {
            final var field = schema.getField(name.replace('-', '_'));
            if (field == null) {
                throw new CliFailure("--set " + name + ": not a setting of " + schema.getName() + "; one of "
                        + schema.getFields().stream().map(Schema.Field::name).toList());
            }
            record.put(field.pos(), switch (field.schema().getTypes().get(1).getType()) {
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new CliFailure("--set " + name + ": true or false, not '" + value + "'");
                    }
                    yield Boolean.valueOf(value);
                }
                case ARRAY -> List.copyOf(Arrays.stream(value.split(",")).map(String::trim)
                        .filter(v -> !v.isEmpty()).toList());
                default -> value;
            });
        });
        return record;
    }
}
