package dev.numbers.connector.loop;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says so when the loop stops answering: requests are in flight but no result transaction committed for {@code after}.
 * It logs what the publisher is doing and where the loop's own threads (poll, publisher, claim writers, intents tail)
 * stand, writes a full thread dump (virtual request threads included) next to the temp files, and counts the stall
 * ({@code connector.loop.stalls}). A provider outage that the retries ride out is reported too: nothing is answered
 * then either, and the dump shows the requests waiting in their backoff.
 *
 * <p>Why: a loop that waits on something (an open transaction, a blocked commit, a claim that never decides) without
 * an error logs nothing at all; the report is the first thing an operator (or a failed test) needs.
 */
final class StallWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    private static final List<String> LOOP_THREADS = List.of("request-loop", "result-publisher", "claims-",
            "intents-tail");
    private static final int FRAMES = 8;
    static final String STALLS = "connector.loop.stalls";

    private final IntSupplier inFlight;
    private final LongSupplier lastCommitted;
    private final Supplier<String> publisher;
    private final Duration after;
    private final MeterRegistry meters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .daemon().name("stall-watch").factory());
    /** Timer thread only: the commit time the last report was about, so one stall is reported once. */
    private long reported = Long.MIN_VALUE;

    StallWatch(final IntSupplier inFlight, final LongSupplier lastCommitted, final Supplier<String> publisher,
               final Duration after, final MeterRegistry meters) {
        this.inFlight = inFlight;
        this.lastCommitted = lastCommitted;
        this.publisher = publisher;
        this.after = after;
        this.meters = meters;
        // Registered at 0, so the alert's increase() sees the first stall too.
        meters.counter(STALLS);
    }

    void start() {
        if (!after.isZero()) {
            timer.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One look; package-private for the test. */
    void check() {
        try {
            final long last = lastCommitted.getAsLong();
            final long quiet = System.nanoTime() - last;
            final int running = inFlight.getAsInt();
            if (running == 0 || quiet < after.toNanos() || last == reported) {
                return;
            }
            reported = last;
            meters.counter(STALLS).increment();
            LOG.warn("no result published for {} s while {} request(s) are in flight; {}; thread dump: {}; loop"
                    + " threads:\n{}", Duration.ofNanos(quiet).toSeconds(), running, publisher.get(), dump(),
                    loopThreads());
        } catch (RuntimeException e) {
            LOG.warn("stall check failed: {}", e.toString());
        }
    }

    private static String loopThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> LOOP_THREADS.stream().anyMatch(name -> e.getKey().getName().startsWith(name)))
                .sorted(Map.Entry.comparingByKey((a, b) -> a.getName().compareTo(b.getName())))
                .map(e -> "  " + e.getKey().getName() + " " + e.getKey().getState() + Arrays.stream(e.getValue())
                        .limit(FRAMES).map(f -> "\n      at " + f).collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }

    /** The whole JVM's threads, virtual ones included, as a file; its path, or why there is none. */
    private static String dump() {
        try {
            final Path file = Files.createTempFile("connector-stall-", ".threads.txt");
            Files.delete(file);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                    HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return file.toString();
        } catch (IOException | RuntimeException e) {
            return "not written (" + e + ")";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
