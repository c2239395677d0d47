package dev.numbers.schemas.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file that may be rewritten while the service runs (a Kubernetes Secret volume swaps its files
 * atomically; an operator may overwrite one). {@link #value()} looks at the file's modification time, size and
 * identity on every call - one stat, no read - and reads the file again only when one of them changed, so a rotated
 * token is used from the next call on without a restart.
 *
 * <p>A file that is deleted, empty or unreadable after a successful first read keeps the last value (a rotation in
 * progress must not turn into calls without credentials), but not silently: the problem is logged once when it
 * starts (an ERROR for a deleted file), counted ({@link #problems()}) and reported by {@link #problem()} until the
 * file is good again, which a health check shows. An empty or unreadable file is read again only once it changes, not
 * on every call. The first read must succeed. Neither the value nor any part of it appears in {@link #toString()},
 * logs or exceptions.
 */
public final class SecretFile {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);

    private record Stamp(FileTime modified, long size, Object identity) {
    }

    private final String key;
    private final Path path;
    /** The file as it was when {@link #value} was read from it. */
    private Stamp stamp;
    private String value;
    /** The file as it was when it was found empty or unreadable: not read again until it changes. */
    private Stamp refused;
    private String problem;
    private long problems;

    /** Reads the file now: a secret that is missing at start-up is a configuration error, named by {@code key}. */
    public SecretFile(final String key, final String path) {
        this.key = key;
        this.path = Path.of(path.trim());
        this.stamp = stamp();
        this.value = ClientSecrets.read(key, path);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + ": the file " + this.path + " is empty");
        }
    }

    /** The file's current content, read again only when the file changed since the last call. */
    public synchronized String value() {
        final var now = stamp();
        if (now == null) {
            report("deleted", () -> LOG.error("{}: {} was deleted; the value read before is still used until the"
                    + " file is back", key, path));
        } else if (now.equals(stamp)) {
            problem = null;
        } else if (!now.equals(refused)) {
            read(now);
        }
        return value;
    }

    private void read(final Stamp now) {
        try {
            final var read = ClientSecrets.read(key, path.toString());
            if (read.isEmpty()) {
                refused = now;
                report("empty", () -> LOG.warn("{}: {} is empty; keeping the value read before", key, path));
                return;
            }
            if (stamp != null) {
                LOG.info("{}: {} changed; the new value is used from the next call", key, path);
            }
            value = read;
            stamp = now;
            refused = null;
            problem = null;
        } catch (RuntimeException unreadable) {
            refused = now;
            final var why = unreadable.getCause() == null ? unreadable.getClass().getSimpleName()
                    : unreadable.getCause().getClass().getSimpleName();
            report("unreadable", () -> LOG.warn("{}: {} could not be read ({}); keeping the value read before", key,
                    path, why));
        }
    }

    /** A problem is logged and counted when it starts, not again while it lasts. */
    private void report(final String what, final Runnable log) {
        if (!what.equals(problem)) {
            problem = what;
            problems++;
            log.run();
        }
    }

    /**
     * What is wrong with the file now (looked at afresh: "deleted", "empty" or "unreadable", with the setting and
     * the path), empty while it is good. Never part of the value.
     */
    public synchronized Optional<String> problem() {
        value();
        return Optional.ofNullable(problem).map(p -> key + ": " + path + " " + p + "; the value read before is used");
    }

    /** How many times a problem started since this process read the file first. */
    public synchronized long problems() {
        return problems;
    }

    public Path path() {
        return path;
    }

    private Stamp stamp() {
        try {
            final var attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "SecretFile[" + key + " from " + path + "]";
    }
}
