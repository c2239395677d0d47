package dev.numbers.bridge.webhook.keys;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's webhook key, given inline or read from a file, turned into what verifies with it ({@code T}: an
 * initialized HMAC verifier, an Ed25519 public key).
 *
 * <p>A file is checked on every {@link #get()}: one {@code stat} (modification time, size, inode) costs microseconds,
 * so a rotated key takes effect for the very next webhook without a watcher thread. Kubernetes updates a mounted Secret
 * by swapping a symlink, which changes the inode; an edit in place changes the time. A request that already holds the
 * old value finishes with it. A file that cannot be read or parsed keeps the last good key (a half-written file or a
 * symlink swap in progress must not lock every provider out), logs the account and path - never the content - and is
 * counted ({@code bridge.webhooks.key.reloads}, outcome {@code failed}); it is tried again on the next webhook.
 */
public final class ReloadingKey<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKey.class);

    /** What the file looked like when it was last read; a different stamp means read it again. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
    }

    private record Loaded<T>(T value, Stamp stamp) {
    }

    /** The stamp of a file that cannot be looked at (gone, no permission). */
    private static final Stamp UNREADABLE = new Stamp(null, -1, null);

    private final String provider;
    private final String account;
    private final Path file;
    private final Function<String, T> parse;
    private final MeterRegistry meters;
    private volatile Loaded<T> current;
    private volatile Stamp lastFailed;

    private ReloadingKey(final String provider, final String account, final Path file, final Function<String, T> parse,
            final MeterRegistry meters, final Loaded<T> first) {
        this.provider = provider;
        this.account = account;
        this.file = file;
        this.parse = parse;
        this.meters = meters;
        this.current = first;
        if (file != null) {
            // registered at 0 so that an alert on a failed reload has a series to read before the first failure
            for (final var outcome : new String[] {"reloaded", "failed"}) {
                meters.counter("bridge.webhooks.key.reloads", "provider", provider, "account", account,
                        "outcome", outcome);
            }
        }
    }

    /** A key given in the configuration itself: parsed once, never changes. */
    public static <T> ReloadingKey<T> inline(final String provider, final String account, final String key,
            final Function<String, T> parse, final MeterRegistry meters) {
        return new ReloadingKey<>(provider, account, null, parse, meters, new Loaded<>(parse.apply(key), null));
    }

    /**
     * A key read from {@code file}, now and again whenever the file changes. A file that is missing or holds no valid
     * key at start-up fails start-up: the bridge would otherwise refuse every webhook of the account.
     */
    public static <T> ReloadingKey<T> fromFile(final String provider, final String account, final Path file,
            final Function<String, T> parse, final MeterRegistry meters) {
        Objects.requireNonNull(file, "file");
        try {
            final var stamp = stamp(file);
            return new ReloadingKey<>(provider, account, file, parse, meters,
                    new Loaded<>(parse.apply(read(file)), stamp));
        } catch (IOException e) {
            throw new IllegalStateException("the " + provider + " key file of account " + account + " (" + file
                    + ") cannot be read: " + e.getClass().getSimpleName(), e);
        } catch (IllegalArgumentException e) {
            // the parser's message names the kind of key, never its content
            throw new IllegalStateException("the " + provider + " key file of account " + account + " (" + file
                    + ") holds no valid key: " + e.getMessage(), e);
        }
    }

    public String account() {
        return account;
    }

    /** The key to verify the next webhook with: re-read first when its file changed. */
    public T get() {
        final var loaded = current;
        if (file == null) {
            return loaded.value();
        }
        final Stamp now;
        try {
            now = stamp(file);
        } catch (IOException e) {
            failed(UNREADABLE, e);
            return loaded.value();
        }
        if (now.equals(loaded.stamp()) || now.equals(lastFailed)) {
            return loaded.value();
        }
        return reload(now);
    }

    private synchronized T reload(final Stamp seen) {
        final var loaded = current;
        if (seen.equals(loaded.stamp())) {
            return loaded.value(); // another request reloaded it meanwhile
        }
        try {
            final var value = parse.apply(read(file));
            current = new Loaded<>(value, seen);
            lastFailed = null;
            meters.counter("bridge.webhooks.key.reloads", "provider", provider, "account", account,
                    "outcome", "reloaded").increment();
            LOG.info("{} key of account {} reloaded from {}", provider, account, file);
            return value;
        } catch (IOException | IllegalArgumentException e) {
            failed(seen, e);
            return loaded.value();
        }
    }

    private void failed(final Stamp seen, final Exception e) {
        if (seen.equals(lastFailed)) {
            return;
        }
        lastFailed = seen;
        meters.counter("bridge.webhooks.key.reloads", "provider", provider, "account", account,
                "outcome", "failed").increment();
        // the exception's class only: a parser's message might quote what it read
        LOG.warn("{} key file of account {} ({}) could not be used ({}); keeping the previous key", provider,
                account, file, e.getClass().getSimpleName());
    }

    private static Stamp stamp(final Path file) throws IOException {
        final var attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    private static String read(final Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    @Override
    public String toString() {
        return "ReloadingKey[" + provider + "/" + account + (file == null ? ", inline" : ", file=" + file) + ", ****]";
    }
}
