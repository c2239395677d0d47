package dev.numbers.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program started as a separate OS process, with this JVM's class path unless told otherwise.
 *
 * <p>Used where a test must kill a service the hard way (SIGKILL) or restart a broker on the same port.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    public static Builder of(final String mainClass) {
        return new Builder(mainClass);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hooks, no flush, exactly what a crash looks like. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(30);
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@code seconds}. */
    public int stop(final int seconds) {
        process.destroy();
        if (!waitForExit(seconds)) {
            process.destroyForcibly();
            waitForExit(30);
        }
        return process.exitValue();
    }

    public boolean waitForExit(final int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(10);
        }
    }

    public static final class Builder {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String classPath = System.getProperty("java.class.path");
        private Path log;

        private Builder(final String mainClass) {
            this.mainClass = mainClass;
        }

        public Builder args(final String... values) {
            args.addAll(List.of(values));
            return this;
        }

        public Builder jvmArg(final String value) {
            jvmArgs.add(value);
            return this;
        }

        public Builder systemProperty(final String key, final String value) {
            jvmArgs.add("-D" + key + "=" + value);
            return this;
        }

        public Builder env(final String key, final String value) {
            env.put(key, value);
            return this;
        }

        public Builder classPath(final String value) {
            classPath = value;
            return this;
        }

        public Builder log(final Path file) {
            log = file;
            return this;
        }

        public ChildJvm start() {
            final var command = new ArrayList<String>();
            command.add(JavaRuntime.java21OrNewer().toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
            command.addAll(args);
            try {
                final var out = log != null ? log : File.createTempFile("child-jvm-", ".log").toPath();
                final var builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
                builder.environment().putAll(env);
                return new ChildJvm(builder.start(), out);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + mainClass, e);
            }
        }
    }
}
