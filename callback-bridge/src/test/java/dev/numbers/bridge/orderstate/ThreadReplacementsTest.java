package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.serde.RegistryUnavailableException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T07:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final ThreadReplacements replacements = new ThreadReplacements(2, Duration.ofMinutes(10), clock);

    @Test
    void replacesUpToTheLimitWithinTheWindowThenShutsTheClientDown() {
        assertThat(replacements.onFailure(new IllegalStateException("a"))).isEqualTo(
                StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(replacements.onFailure(new IllegalStateException("b"))).isEqualTo(
                StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(replacements.onFailure(new IllegalStateException("c"))).isEqualTo(
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        replacements.onFailure(new IllegalStateException("a"));
        replacements.onFailure(new IllegalStateException("b"));
        now.set(now.get().plus(Duration.ofMinutes(11)));

        assertThat(replacements.onFailure(new IllegalStateException("c"))).isEqualTo(
                StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(replacements.inWindow()).isEqualTo(1);
    }

    @Test
    void namesTheCauseUnderStreamsWrappersNotItsLowLevelRoot() {
        replacements.onFailure(new StreamsException("handler set to fail", new RegistryUnavailableException(
                "schema registry http://registry unreachable", new ConnectException())));

        assertThat(replacements.last().exception()).isEqualTo(RegistryUnavailableException.class.getName());
        assertThat(replacements.last().message()).isEqualTo("schema registry http://registry unreachable");
    }
}
