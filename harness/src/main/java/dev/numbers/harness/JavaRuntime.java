package dev.numbers.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a {@code java} executable of version 21 or newer for child processes. */
public final class JavaRuntime {

    private JavaRuntime() {
    }

    public static Path java21OrNewer() {
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        final var javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && Files.isExecutable(Path.of(javaHome, "bin", "java"))) {
            return Path.of(javaHome, "bin", "java");
        }
        throw new IllegalStateException("a Java 21+ runtime is needed for child processes; set JAVA_HOME to one");
    }
}
