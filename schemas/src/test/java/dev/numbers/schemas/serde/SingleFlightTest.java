package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final SingleFlight<String, Integer> flight = new SingleFlight<>();

    @Test
    void concurrentCallersOfOneKeyShareOneLoad() throws Exception {
        final var loads = new AtomicInteger();
        final var release = new CountDownLatch(1);
        final var callers = 200;
        final var waiting = new AtomicInteger();
        final List<Future<Integer>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                answers.add(threads.submit(() -> {
                    waiting.incrementAndGet();
                    return flight.load("schema", () -> {
                        loads.incrementAndGet();
                        await(release);
                        return 42;
                    });
                }));
            }
            // Hold the one load open until every caller has asked, so none can arrive after it finished.
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> waiting.get() == callers);
            release.countDown();
            for (final var answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(42);
            }
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void waitersGetTheLoadersFailureAndTheNextCallLoadsAgain() throws Exception {
        final var release = new CountDownLatch(1);
        final var started = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            final var loader = threads.submit(() -> flight.load("id", () -> {
                started.countDown();
                await(release);
                throw new RegistryUnavailableException("registry down", 503);
            }));
            started.await(30, TimeUnit.SECONDS);
            final var waiter = threads.submit(() -> flight.load("id", () -> 7));
            // The waiter either joins the failing load or (if it came late) loads on its own; both are answers.
            release.countDown();
            assertThatThrownBy(loader::get).hasCauseInstanceOf(RegistryUnavailableException.class);
            try {
                assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(7);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(RegistryUnavailableException.class);
            }
        }
        assertThat(flight.load("id", () -> 8)).isEqualTo(8);
    }

    @Test
    void differentKeysLoadIndependently() {
        assertThat(flight.load("a", () -> 1)).isEqualTo(1);
        assertThat(flight.load("b", () -> 2)).isEqualTo(2);
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
