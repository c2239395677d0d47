package dev.numbers.connector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every thread's CPU time in the connector JVM at one moment, from {@code jcmd <pid> Thread.print} (which prints
 * {@code cpu=...ms} for each platform thread, GC and JIT threads included, with its full name; /proc truncates names
 * to 15 characters, which loses which Kafka client a network thread serves). A phase's use by kind of thread is the
 * difference of two snapshots; CPU of threads that ended in between is the process's total minus the kinds' sum.
 */
record ThreadCpu(Map<Long, Sample> threads) {

    /** One thread: its kind and its CPU time so far. */
    record Sample(String kind, Duration cpu) {
    }

    /** A thread's name (full, as Thread.print shows it) → its kind; the first match wins, the order matters. */
    private record Kind(String name, Pattern thread) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("request loop (poll, intake, dispatch)", Pattern.compile("^request-loop")),
            new Kind("result publisher", Pattern.compile("^result-publisher")),
            new Kind("claim lanes", Pattern.compile("^claims-")),
            new Kind("intents tail", Pattern.compile("^intents-tail")),
            new Kind("quota reserver and follower", Pattern.compile("^quota-")),
            new Kind("Kafka I/O: claim producers", Pattern.compile("^kafka-producer-network-thread.*-claims")),
            new Kind("Kafka I/O: result and other producers", Pattern.compile("^kafka-producer-network-thread")),
            new Kind("Kafka consumers' own threads", Pattern.compile("^(kafka-coordinator|consumer_)")),
            new Kind("virtual-thread carriers (request path, provider calls)",
                    Pattern.compile("^(ForkJoinPool-\\d+-worker|VirtualThread-)")),
            new Kind("HTTP (provider client, management server)",
                    Pattern.compile("^(HttpClient|default-|nioEventLoop|.*EventLoop)")),
            new Kind("JIT compiler", Pattern.compile("^C[12] CompilerThread")),
            new Kind("GC and VM", Pattern.compile("^(GC Thread|G1 |VM |Monitor Deflation|Service Thread)")),
            new Kind("other threads", Pattern.compile("")));

    static final String ENDED = "threads that ended during the phase";

    /** {@code "name" #12 [1234] ... cpu=12.34ms ... nid=1234}; VM threads have no # and no [nid]. */
    private static final Pattern LINE = Pattern.compile("^\"(.*)\" .*?cpu=([0-9.]+)ms .*?nid=(?:0x)?([0-9a-f]+)",
            Pattern.MULTILINE);

    /** A snapshot of {@code pid}'s threads; empty when jcmd cannot attach (the phase then shows no breakdown). */
    static ThreadCpu of(final long pid) {
        final var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            final var process = new ProcessBuilder(jcmd, Long.toString(pid), "Thread.print").redirectErrorStream(true)
                    .start();
            final var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return parse(out);
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ThreadCpu(Map.of());
        }
    }

    static ThreadCpu parse(final String threadPrint) {
        final var threads = new HashMap<Long, Sample>();
        final var matcher = LINE.matcher(threadPrint);
        while (matcher.find()) {
            final var name = matcher.group(1);
            final long nid = Long.parseLong(matcher.group(3), matcher.group(0).contains("nid=0x") ? 16 : 10);
            threads.put(nid, new Sample(kind(name), Duration.ofNanos((long) (Double.parseDouble(matcher.group(2))
                    * 1e6))));
        }
        return new ThreadCpu(Map.copyOf(threads));
    }

    static String kind(final String threadName) {
        return KINDS.stream().filter(k -> k.thread().matcher(threadName).find()).findFirst().orElseThrow().name();
    }

    /**
     * CPU by kind from this snapshot to {@code later}, in the kinds' order, and {@link #ENDED} for what the process
     * used ({@code processCpu}) beyond the sum; empty when either snapshot is.
     */
    Map<String, Duration> until(final ThreadCpu later, final Duration processCpu) {
        final var byKind = new LinkedHashMap<String, Duration>();
        if (threads.isEmpty() || later.threads().isEmpty()) {
            return byKind;
        }
        KINDS.forEach(k -> byKind.put(k.name(), Duration.ZERO));
        later.threads().forEach((nid, now) -> {
            final var before = threads.get(nid);
            // A thread id reused by a new thread of another kind starts from zero.
            final var since = before == null || !before.kind().equals(now.kind()) ? Duration.ZERO : before.cpu();
            byKind.merge(now.kind(), now.cpu().minus(since), Duration::plus);
        });
        final var counted = byKind.values().stream().reduce(Duration.ZERO, Duration::plus);
        byKind.put(ENDED, processCpu.minus(counted).isNegative() ? Duration.ZERO : processCpu.minus(counted));
        return byKind;
    }
}
