package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One of our services (connector, bridge) as its own OS process, the way the ITs, the chaos tests, the benchmarks and
 * the local stack all run it: a main class on a class path, JVM options, settings as system properties, secrets as
 * environment variables (never on a command line), one log file that every life appends to with a marked line, a
 * health URL to wait for, and SIGTERM or SIGKILL to end a life. The same settings start it again after a kill.
 *
 * <p>{@link ChildJvm} is the bare launcher underneath; this adds what a service needs on top: restarts, the health
 * wait and what to show when it fails.
 *
 * <p>Over 300 lines, knowingly: a quarter of it is the {@link Builder} every caller configures it with; the life cycle
 * it builds (start, health wait, kill, restart, log marks) shares one process handle and one log and stays together.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Spec spec;
    private ChildJvm jvm;
    private int starts;

    private ServiceProcess(final Spec spec) {
        this.spec = spec;
    }

    /**
     * What to launch. {@code port} is the service's HTTP port (its {@code healthPath} is asked there);
     * {@code classPath} null means this JVM's.
     */
    public record Spec(String name, String mainClass, String classPath, List<String> jvmArgs,
                       Map<String, String> systemProperties, Map<String, String> env, List<String> args, Path log,
                       int port, String healthPath, boolean exitsCleanly) {
        public Spec {
            jvmArgs = List.copyOf(jvmArgs);
            args = List.copyOf(args);
            systemProperties = Map.copyOf(systemProperties);
            env = Map.copyOf(env);
        }
    }

    public static Builder builder(final String name, final String mainClass) {
        return new Builder(name, mainClass);
    }

    /** Starts a new life; the log gets a "start #n" line first. */
    public ServiceProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(spec.name() + " already running (pid " + jvm.pid() + ")");
        }
        starts++;
        mark("start #" + starts);
        final var builder = ChildJvm.of(spec.mainClass()).log(spec.log());
        if (spec.classPath() != null) {
            builder.classPath(spec.classPath());
        }
        spec.jvmArgs().forEach(builder::jvmArg);
        builder.args(spec.args().toArray(String[]::new));
        new LinkedHashMap<>(spec.systemProperties()).forEach(builder::systemProperty);
        spec.env().forEach(builder::env);
        jvm = builder.start();
        return this;
    }

    /**
     * Waits until the health URL answers 200; returns how long that took. Fails at once, with the log's errors and
     * tail, if the process exits first, and with the same when {@code within} runs out.
     */
    public Duration awaitHealthy(final Duration within) {
        final var started = Instant.now();
        if (!awaitHealthy(healthUrl(), within, this::isAlive)) {
            throw new IllegalStateException(spec.name() + (isAlive() ? " not healthy within " + within
                    : " exited during start-up") + "; " + diagnosis());
        }
        return Duration.between(started, Instant.now());
    }

    /**
     * Polls {@code url} until it answers 200 (true), {@code alive} turns false or {@code within} runs out (false).
     * The pause between polls is the wait for a condition, not a sleep standing in for one.
     */
    public static boolean awaitHealthy(final URI url, final Duration within, final AliveCheck alive) {
        final long deadline = System.nanoTime() + within.toNanos();
        final var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline && alive.alive()) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notListeningYet) {
                // the port is not open yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return false;
    }

    /** Whether the process being waited for still runs. */
    @FunctionalInterface
    public interface AliveCheck {
        boolean alive();
    }

    /** The body of a GET on the service's HTTP port (e.g. {@code /prometheus}). */
    public String get(final String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no last commit, exactly what a crash looks like. */
    public void kill() {
        if (jvm != null) {
            mark("SIGKILL");
            jvm.kill();
        }
    }

    /**
     * SIGTERM, the graceful stop an operator does; SIGKILL if it has not exited after {@code grace}. A service built
     * {@link Builder#exitsCleanly} must have exited by itself within {@code grace}, with 0 and without a JVM crash
     * report ({@link GracefulStop}); otherwise this throws with the log.
     */
    public void stop(final Duration grace) {
        if (isAlive()) {
            mark("SIGTERM");
            final long pid = jvm.pid();
            final var started = System.nanoTime();
            final int exit = jvm.stop((int) Math.max(1, grace.toSeconds()));
            if (spec.exitsCleanly()) {
                GracefulStop.check(spec.name(), pid, exit, Duration.ofNanos(System.nanoTime() - started), grace,
                        this::diagnosis);
            }
        }
    }

    public boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    public long pid() {
        return jvm.pid();
    }

    /** How many lives it has had. */
    public int starts() {
        return starts;
    }

    /** CPU time the current life has used so far (user + system). */
    public Duration cpu() {
        return ProcessHandle.of(jvm.pid()).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + spec.port());
    }

    public URI healthUrl() {
        return baseUrl().resolve(spec.healthPath());
    }

    public Path log() {
        return spec.log();
    }

    public Spec spec() {
        return spec;
    }

    /** Lines of the log (all lives) that contain {@code fragment}. */
    public long countLogLines(final String fragment) {
        try (var lines = Files.lines(spec.log())) {
            return lines.filter(l -> l.contains(fragment)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the log is, its first ERROR lines and its last lines: what a failing test should show. */
    public String diagnosis() {
        final var log = spec.log().toAbsolutePath();
        try {
            final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            final var errors = lines.stream().filter(l -> l.contains(" ERROR ")).limit(20).toList();
            final var tail = lines.subList(Math.max(0, lines.size() - 30), lines.size());
            return spec.name() + " log " + log + "\n-- first ERROR lines:\n" + String.join("\n", errors)
                    + "\n-- last lines:\n" + String.join("\n", tail);
        } catch (IOException e) {
            return spec.name() + " log " + log + " unreadable: " + e;
        }
    }

    private void mark(final String what) {
        try {
            Files.writeString(spec.log(), "===== " + spec.name() + " " + what + " at " + Instant.now() + " =====\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL if still running: a test that failed half-way leaves no process behind. */
    @Override
    public void close() {
        if (isAlive()) {
            jvm.kill();
        }
    }

    public static final class Builder {
        private final String name;
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private String classPath;
        private Path log;
        private int port = -1;
        private String healthPath = "/health";
        private boolean exitsCleanly;

        private Builder(final String name, final String mainClass) {
            this.name = name;
            this.mainClass = mainClass;
        }

        /** Its own class path (the local stack); without one it runs with this JVM's (tests, benchmarks). */
        public Builder classPath(final String value) {
            classPath = value;
            return this;
        }

        public Builder jvmArgs(final String... values) {
            jvmArgs.addAll(List.of(values));
            return this;
        }

        public Builder systemProperty(final String key, final String value) {
            properties.put(key, value);
            return this;
        }

        public Builder systemProperties(final Map<String, ?> values) {
            values.forEach((key, value) -> properties.put(key, String.valueOf(value)));
            return this;
        }

        /** Secrets go here: the environment is not on the command line that {@code ps} shows. */
        public Builder env(final String key, final String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(final Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** The main class's own arguments. */
        public Builder args(final String... values) {
            args.addAll(List.of(values));
            return this;
        }

        public Builder log(final Path file) {
            log = file;
            return this;
        }

        /** The HTTP port the service is told to listen on (the builder's caller passes it in a setting). */
        public Builder port(final int value) {
            port = value;
            return this;
        }

        public Builder healthPath(final String value) {
            healthPath = value;
            return this;
        }

        /** Every graceful stop must end with exit 0 within its grace and leave no JVM crash report. */
        public Builder exitsCleanly() {
            exitsCleanly = true;
            return this;
        }

        /** The process, not started yet. */
        public ServiceProcess build() {
            if (log == null || port <= 0) {
                throw new IllegalStateException(name + ": a service process needs a log file and its HTTP port");
            }
            return new ServiceProcess(new Spec(name, mainClass, classPath, jvmArgs, properties, env, args, log, port,
                    healthPath, exitsCleanly));
        }
    }
}
