package dev.numbers.schemas.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file that may be rewritten while the service runs (a Kubernetes Secret volume swaps its files
 * atomically; an operator may overwrite one). {@link #value()} looks at the file's modification time, size and
 * identity on every call - one stat, no read - and reads the file again only when one of them changed, so a rotated
 * token is used from the next call on without a restart.
 *
 * <p>A file that cannot be read or is empty after a successful first read keeps the last value (a rotation in
 * progress must not turn into calls without credentials); the first read must succeed. Neither the value nor any
 * part of it appears in {@link #toString()}, logs or exceptions.
 */
public final class SecretFile {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);

    private record Stamp(FileTime modified, long size, Object identity) {
    }

    private final String key;
    private final Path path;
    private Stamp stamp;
    private String value;

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
        if (now != null && !now.equals(stamp)) {
            try {
                final var read = ClientSecrets.read(key, path.toString());
                if (read.isEmpty()) {
                    LOG.warn("{}: {} is empty; keeping the value read before", key, path);
                } else {
                    if (stamp != null) {
                        LOG.info("{}: {} changed; the new value is used from the next call", key, path);
                    }
                    value = read;
                    stamp = now;
                }
            } catch (RuntimeException unreadable) {
                LOG.warn("{}: {} could not be read ({}); keeping the value read before", key, path,
                        unreadable.getCause() == null ? unreadable.getClass().getSimpleName()
                                : unreadable.getCause().getClass().getSimpleName());
            }
        }
        return value;
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
