package dev.numbers.connector.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * JDK 25's ahead-of-time cache for the connector JVM: a training run started with {@code -XX:AOTCacheOutput} writes
 * it as it exits (classes loaded and linked, method profiles), a later start with {@code -XX:AOTCache} uses it. The
 * JVM makes no cache from class directories, and the benchmark's class path (Maven's reactor) is mostly those, so
 * {@link #jarred} packs each into a jar first; training and measured runs then share that class path, as the image's
 * {@code /app/connector.jar:/app/lib/*} would.
 *
 * @param file      where the cache is (written by the training run)
 * @param classPath the jars-only class path it is made for
 */
record AotCache(Path file, String classPath) {

    /** The connector JVM is this JVM's {@code java}: the options exist from Java 25 (a Java 21 JVM refuses them). */
    static boolean supported() {
        return Runtime.version().feature() >= 25;
    }

    /** A cache to be written in {@code dir} for this JVM's class path with its directories packed into jars. */
    static AotCache in(final Path dir) {
        return new AotCache(dir.resolve("connector.aot"), jarred(System.getProperty("java.class.path"), dir));
    }

    /** The option of the training run: write the cache at exit. */
    String training() {
        return "-XX:AOTCacheOutput=" + file;
    }

    /** The options of a run that uses the cache, logging to {@code log} whether the JVM took it. */
    String use(final Path log) {
        return "-XX:AOTCache=" + file + " -Xlog:aot=info:file=" + log;
    }

    /** {@code classPath} with every directory replaced by a jar of its contents, written into {@code dir}. */
    static String jarred(final String classPath, final Path dir) {
        final var entries = new ArrayList<String>();
        int n = 0;
        for (final var entry : classPath.split(File.pathSeparator)) {
            final var path = Path.of(entry);
            if (Files.isDirectory(path)) {
                final var jar = dir.resolve("classes-" + n++ + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(final Path directory, final Path jar) {
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.filter(p -> !p.equals(directory)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (final var path : paths) {
                final var name = directory.relativize(path).toString().replace(File.separatorChar, '/');
                // Directory entries too: a class loader's getResources("some/package") finds them only so.
                out.putNextEntry(new JarEntry(Files.isDirectory(path) ? name + "/" : name));
                if (!Files.isDirectory(path)) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
