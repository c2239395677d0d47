package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StallWatchTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastCommitted = new AtomicLong(System.nanoTime());
    private final StallWatch watch = new StallWatch(inFlight::get, lastCommitted::get, () -> "publisher in a turn",
            Duration.ofSeconds(30), meters);

    @BeforeEach
    void listen() {
        log.start();
        ((Logger) LoggerFactory.getLogger(StallWatch.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(StallWatch.class)).detachAppender(log);
        watch.close();
    }

    @Test
    void requestsInFlightWithNoResultForLongerThanTheLimitAreReportedOnceWithAThreadDump() throws Exception {
        inFlight.set(16);
        lastCommitted.set(System.nanoTime() - Duration.ofSeconds(31).toNanos());

        watch.check();
        watch.check();

        assertThat(log.list).hasSize(1);
        final var line = log.list.get(0).getFormattedMessage();
        assertThat(line).contains("no result published for 31 s while 16 request(s) are in flight")
                .contains("publisher in a turn");
        final var dump = Path.of(line.replaceAll("(?s).*thread dump: (\\S+);.*", "$1"));
        assertThat(Files.readString(dump)).contains(Thread.currentThread().getName());
        Files.delete(dump);
        assertThat(meters.counter("connector.loop.stalls").count()).isEqualTo(1);

        lastCommitted.set(System.nanoTime() - Duration.ofSeconds(40).toNanos());
        watch.check();
        assertThat(log.list).as("a new stall after a commit is reported again").hasSize(2);
        Files.deleteIfExists(Path.of(log.list.get(1).getFormattedMessage()
                .replaceAll("(?s).*thread dump: (\\S+);.*", "$1")));
    }

    @Test
    void nothingIsReportedWhileResultsFlowOrNothingRuns() {
        inFlight.set(16);
        lastCommitted.set(System.nanoTime() - Duration.ofSeconds(5).toNanos());
        watch.check();
        inFlight.set(0);
        lastCommitted.set(System.nanoTime() - Duration.ofMinutes(5).toNanos());
        watch.check();

        assertThat(log.list).isEmpty();
        assertThat(meters.counter("connector.loop.stalls").count()).isZero();
    }
}
