package dev.numbers.connector.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code -Dbench.profile=true}: every connector JVM of the run records a JFR profile (execution samples, allocation
 * samples) into one directory, and the benchmark prints the hot methods and the allocations by class and by site of
 * each recording at its end (per-thread CPU is in the table already: JFR's thread-cpu-load view shows only the last
 * sample, the process's stop), with the file to open for more
 * ({@code jfr view <view> <file>}, or JDK Mission Control).
 */
record JfrProfile(Path directory) {

    private static final List<String> VIEWS = List.of("hot-methods", "allocation-by-class", "allocation-by-site");

    static JfrProfile in(final Path directory) {
        try {
            return new JfrProfile(Files.createDirectories(directory));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + directory, e);
        }
    }

    /** The connector JVM's option: the profile settings, one file per process, written when it stops. */
    String jvmArg() {
        return "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                + directory.resolve("connector-%p.jfr");
    }

    void summarize(final PrintStream out) {
        final var jfr = Path.of(System.getProperty("java.home"), "bin", "jfr").toString();
        try (var files = Files.list(directory)) {
            for (final var file : files.filter(f -> f.toString().endsWith(".jfr")).sorted().toList()) {
                out.println();
                out.println("### JFR profile " + file);
                for (final var view : VIEWS) {
                    final var process = new ProcessBuilder(jfr, "view", "--width", "160", view, file.toString())
                            .redirectErrorStream(true).start();
                    out.println(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    process.waitFor();
                }
            }
        } catch (IOException e) {
            out.println("could not read the JFR recordings in " + directory + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
