package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A watched check (the claim lanes') is asked whenever the health is read: DOWN with its reason, UP once it clears. */
class LoopHealthTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoopHealth health = new LoopHealth(3, meters);
    private final AtomicReference<Optional<String>> lanes = new AtomicReference<>(Optional.empty());

    private double gauge() {
        return meters.get("connector.health.down").tag("check", "lanes").gauge().value();
    }

    @Test
    void aStalledLaneTurnsTheHealthDownNamingItAndUpAgainWhenItMoves() {
        health.watch(LoopHealth.Check.LANES, lanes::get);
        assertThat(health.isUp()).isTrue();

        lanes.set(Optional.of("lane claims-p2: a transaction of 1 item(s) not done after 31000 ms"));

        assertThat(health.isUp()).isFalse();
        assertThat(health.reasons()).containsEntry("lanes",
                "lane claims-p2: a transaction of 1 item(s) not done after 31000 ms");
        assertThat(gauge()).isEqualTo(1.0);

        lanes.set(Optional.empty());

        assertThat(health.isUp()).isTrue();
        assertThat(health.reasons()).isEmpty();
        assertThat(gauge()).isZero();
    }
}
