package dev.numbers.connector.bench;

import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One connector JVM, its topics and a result watcher: the phases of a benchmark run are methods on it, each with its
 * own feed so its request_ids (and so its latencies) are its own.
 */
final class ConnectorRun implements AutoCloseable {

    /** A backlog: how long from the first request produced to the last result read, and the connector's CPU. */
    record Backlog(int requests, Duration elapsed, Duration connectorCpu) {
        double perSecond() {
            return requests / (elapsed.toNanos() / 1e9);
        }

        double cpuMillisPerRequest() {
            return connectorCpu.toNanos() / 1e6 / requests;
        }
    }

    /**
     * An open-loop run: latencies from the moment each request was due to its result being readable, and that time
     * split at the connector's started_at and finished_at stamps (wall clock, millisecond precision): waiting to be
     * picked up, executing (validation, rate limiter, provider call), publishing (until readable here).
     */
    record Paced(int requests, double achievedPerSecond, Latencies latencies, Latencies pickup, Latencies execution,
                 Latencies publication) {

        /** Consecutive windows of one paced run as one: every latency, and the rate over their summed durations. */
        static Paced join(final List<Paced> windows) {
            final int requests = windows.stream().mapToInt(Paced::requests).sum();
            final double seconds = windows.stream().mapToDouble(w -> w.requests() / w.achievedPerSecond()).sum();
            return new Paced(requests, requests / seconds,
                    Latencies.join(windows.stream().map(Paced::latencies).toList()),
                    Latencies.join(windows.stream().map(Paced::pickup).toList()),
                    Latencies.join(windows.stream().map(Paced::execution).toList()),
                    Latencies.join(windows.stream().map(Paced::publication).toList()));
        }
    }

    private final String name;
    private final String bootstrap;
    private final SerdeConfig serde;
    private final BenchTopics topics;
    private final NumberSource numbers;
    private final MeasuredConnector connector;
    private final ResultWatcher results;

    ConnectorRun(final String name, final String bootstrap, final SerdeConfig serde, final BenchTopics topics,
                 final NumberSource numbers, final MeasuredConnector connector) {
        this.name = name;
        this.bootstrap = bootstrap;
        this.serde = serde;
        this.topics = topics;
        this.numbers = numbers;
        this.connector = connector;
        this.results = new ResultWatcher(bootstrap, serde, topics.results(), BenchTopics.PARTITIONS);
    }

    MeasuredConnector connector() {
        return connector;
    }

    /** Produces {@code count} requests at once and waits for all their results. */
    Backlog backlog(final String phase, final int count, final Runnable oneSecondIn) throws InterruptedException {
        try (var feed = feed(phase)) {
            final var cpuBefore = connector.cpu();
            final long start = System.nanoTime();
            final var marker = Thread.ofVirtual().start(() -> {
                MeasuredConnector.sleep(1_000);
                oneSecondIn.run();
            });
            feed.backlog(count);
            await(feed, Duration.ofSeconds(120 + count / 50));
            marker.join();
            long last = start;
            for (final var id : feed.sentAtNanos().keySet()) {
                last = Math.max(last, results.arrival(id).nanos());
            }
            return new Backlog(count, Duration.ofNanos(last - start), connector.cpu().minus(cpuBefore));
        }
    }

    Backlog backlog(final String phase, final int count) throws InterruptedException {
        return backlog(phase, count, () -> { });
    }

    /**
     * Waits for the results of requests produced before the connector started: a cold start with a backlog, timed
     * from {@code connectorStarting} (before the connector JVM was launched) to the last result.
     */
    Backlog backlogProducedBefore(final RequestFeed feed, final long connectorStarting, final Duration cpuBefore)
            throws InterruptedException {
        await(feed, Duration.ofSeconds(120 + feed.sentAtNanos().size() / 50));
        long last = connectorStarting;
        for (final var id : feed.sentAtNanos().keySet()) {
            last = Math.max(last, results.arrival(id).nanos());
        }
        return new Backlog(feed.sentAtNanos().size(), Duration.ofNanos(last - connectorStarting),
                connector.cpu().minus(cpuBefore));
    }

    /** Requests at {@code perSecond}, open loop, for {@code seconds}; waits for all results. */
    Paced paced(final String phase, final int perSecond, final int seconds) throws InterruptedException {
        try (var feed = feed(phase)) {
            final int sent = feed.paced(perSecond, seconds);
            await(feed, Duration.ofSeconds(120));
            final var latencies = new ArrayList<Long>(sent);
            final var pickup = new ArrayList<Long>(sent);
            final var execution = new ArrayList<Long>(sent);
            final var publication = new ArrayList<Long>(sent);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (final var entry : feed.sentAtNanos().entrySet()) {
                final var arrival = results.arrival(entry.getKey());
                latencies.add(arrival.nanos() - entry.getValue());
                pickup.add(nanosBetween(feed.sentAtWallClock().get(entry.getKey()), arrival.startedAt()));
                execution.add(nanosBetween(arrival.startedAt(), arrival.finishedAt()));
                publication.add(nanosBetween(arrival.finishedAt(), arrival.wallClock()));
                first = Math.min(first, entry.getValue());
                last = Math.max(last, arrival.nanos());
            }
            return new Paced(sent, sent / ((last - first) / 1e9), Latencies.of(latencies), Latencies.of(pickup),
                    Latencies.of(execution), Latencies.of(publication));
        }
    }

    private static long nanosBetween(final Instant from, final Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos());
    }

    /** Results read so far (every phase of this run). */
    int requests() {
        return results.count();
    }

    /** Results that were not SUCCEEDED, and request_ids answered more than once: both must be 0. */
    String anomalies() {
        final var failed = results.status(ResultStatus.REJECTED) + results.status(ResultStatus.FAILED);
        return "results " + results.count() + ", not succeeded " + failed + ", duplicates " + results.duplicates();
    }

    boolean clean() {
        return results.status(ResultStatus.REJECTED) + results.status(ResultStatus.FAILED) == 0
                && results.duplicates() == 0;
    }

    private RequestFeed feed(final String phase) {
        return new RequestFeed(bootstrap, serde, topics.requests(), name + "-" + phase, numbers);
    }

    private void await(final RequestFeed feed, final Duration within) throws InterruptedException {
        if (!results.awaitAll(feed.sentAtNanos().keySet(), within)) {
            throw new IllegalStateException(name + ": not every request got a result within " + within + " ("
                    + anomalies() + "); connector log: " + connector.log());
        }
    }

    /** {@link #close} with a graceful stop given {@code within} (a training run's cache is written at exit). */
    void close(final Duration within) throws InterruptedException {
        connector.stop(within);
        close();
    }

    @Override
    public void close() throws InterruptedException {
        connector.close();
        results.close();
    }
}
