package dev.numbers.bridge.webhook.keys;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.function.Function;

/** Where one account's key comes from: inline in the configuration or a file; exactly one of the two. */
public record AccountKey(String provider, String account, String inline, String file) {

    /** A {@link ReloadingKey} for this account; fails start-up when neither or both sources are given. */
    public <T> ReloadingKey<T> load(final Function<String, T> parse, final MeterRegistry meters) {
        final boolean hasInline = inline != null && !inline.isBlank();
        final boolean hasFile = file != null && !file.isBlank();
        if (hasInline == hasFile) {
            throw new IllegalStateException("the " + provider + " account " + account + " needs exactly one of a key"
                    + " and a key file (" + (hasInline ? "both are" : "neither is") + " set)");
        }
        return hasInline ? ReloadingKey.inline(provider, account, inline, parse, meters)
                : ReloadingKey.fromFile(provider, account, Path.of(file), parse, meters);
    }
}
