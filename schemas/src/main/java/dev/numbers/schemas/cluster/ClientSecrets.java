package dev.numbers.schemas.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that reads secrets kept in files and decides which settings are secret when configuration is shown.
 *
 * <p>A setting named {@code <key>-file} (e.g. {@code sasl.jaas.config-file}, {@code basic.auth.user.info-file}) holds
 * the path of a file whose content becomes {@code <key>}: this is how Kubernetes mounts secrets. The file is read each
 * time clients are built, so a client built after a rotation sees the new value.
 */
public final class ClientSecrets {

    /** Suffix of a setting whose value is the path of a file holding the real value. */
    public static final String FILE_SUFFIX = "-file";
    public static final String MASK = "[hidden]";

    private ClientSecrets() {
    }

    /**
     * The settings with every {@code <key>-file} replaced by {@code <key>} = the file's content (trailing newline
     * cut).
     */
    public static Map<String, String> resolveFiles(final Map<String, String> settings) {
        final var resolved = new HashMap<String, String>();
        settings.forEach((key, value) -> {
            if (key.endsWith(FILE_SUFFIX)) {
                final var target = key.substring(0, key.length() - FILE_SUFFIX.length());
                resolved.put(target, read(key, value));
            } else {
                resolved.putIfAbsent(key, value);
            }
        });
        return resolved;
    }

    /** The content of the secret file {@code path} named by setting {@code key}, trailing newline cut. */
    public static String read(final String key, final String path) {
        try {
            return Files.readString(Path.of(path.trim())).stripTrailing();
        } catch (IOException e) {
            // the path is not secret, the content is: name the setting and the file, never what is in it
            throw new UncheckedIOException("cannot read " + key + " from " + path.trim() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Whether a setting's value must not be shown: passwords, JAAS configs (they embed passwords), tokens, user info.
     */
    public static boolean isSecret(final String key) {
        final var lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(FILE_SUFFIX)) {
            return false;
        }
        return lower.contains("password") || lower.contains("secret") || lower.contains("token")
                || lower.contains("jaas") || lower.contains("credentials") || lower.contains("user.info")
                || lower.endsWith(".key") || lower.contains("api.key") || lower.contains("api-key");
    }

    /** The settings as they may be shown: sorted, secret values replaced. */
    public static Map<String, String> redacted(final Map<String, String> settings) {
        final var shown = new TreeMap<String, String>();
        settings.forEach((key, value) -> shown.put(key, isSecret(key) ? MASK : value));
        return shown;
    }
}
