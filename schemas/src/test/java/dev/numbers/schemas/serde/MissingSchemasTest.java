package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MissingSchemasTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void answersAKnownMissFromMemoryUntilTheTtlPasses() {
        final var misses = new MissingSchemas<Integer>(Duration.ofSeconds(10), now::get);
        misses.remember(7, new SchemaNotFoundException("no schema with id 7"));

        now.set(Duration.ofSeconds(9).toNanos());
        assertThatThrownBy(() -> misses.rethrowIfKnownMissing(7))
                .isInstanceOf(SchemaNotFoundException.class).hasMessage("no schema with id 7");
        assertThatCode(() -> misses.rethrowIfKnownMissing(8)).doesNotThrowAnyException();

        now.set(Duration.ofSeconds(10).toNanos());
        assertThatCode(() -> misses.rethrowIfKnownMissing(7)).doesNotThrowAnyException();
    }

    @Test
    void zeroTtlRemembersNothing() {
        final var misses = new MissingSchemas<Integer>(Duration.ZERO, now::get);
        misses.remember(7, new SchemaNotFoundException("no schema with id 7"));

        assertThatCode(() -> misses.rethrowIfKnownMissing(7)).doesNotThrowAnyException();
    }

    @Test
    void aFloodOfUnknownIdsIsBoundedAndExpiredMissesMakeRoom() {
        final var misses = new MissingSchemas<Integer>(Duration.ofSeconds(10), now::get);
        for (int id = 0; id < 20_000; id++) {
            misses.remember(id, new SchemaNotFoundException("no schema with id " + id));
        }
        // Past the bound new misses are not kept (they cost a registry call each, as without the cache).
        assertThatCode(() -> misses.rethrowIfKnownMissing(19_999)).doesNotThrowAnyException();
        assertThatThrownBy(() -> misses.rethrowIfKnownMissing(0)).isInstanceOf(SchemaNotFoundException.class);

        now.set(Duration.ofSeconds(11).toNanos());
        misses.remember(-1, new SchemaNotFoundException("no schema with id -1"));
        assertThatThrownBy(() -> misses.rethrowIfKnownMissing(-1)).isInstanceOf(SchemaNotFoundException.class);
    }
}
