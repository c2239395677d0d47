package dev.numbers.connector.loop;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * When the request loop reports itself stuck, and how it backs off meanwhile (prefix {@code connector.health}).
 *
 * @param abortsBeforeDown  result transactions aborted in a row before {@code /health} turns DOWN
 * @param maxBackoff        longest wait before a record handed back (registry refusing) or a failed transaction is
 *                          tried again; the wait doubles from 100 ms up to this
 * @param kafkaProbeInterval how often the broker is asked for its cluster id to tell whether Kafka is reachable
 * @param kafkaProbeTimeout how long that question may take before Kafka counts as unreachable
 * @param stallReportAfter  requests in flight and no result published for this long: the loop logs what its threads
 *                          are doing and writes a thread dump ({@code StallWatch}); 0 turns the report off
 * @param positionStallAfter partitions assigned this long and the consumer still has no position for some of them
 *                          (the group's committed offsets stay unstable behind an open transaction): the loop logs
 *                          the transactions holding them and turns {@code /health} DOWN ({@code PositionWatch}); 0
 *                          turns the check off
 */
@Context
@ConfigurationProperties("connector.health")
public record HealthConfig(
        @Bindable(defaultValue = "5") @Min(1) @Max(1_000_000) int abortsBeforeDown,
        @Bindable(defaultValue = "10s") @NotNull Duration maxBackoff,
        @Bindable(defaultValue = "5s") @NotNull Duration kafkaProbeInterval,
        @Bindable(defaultValue = "5s") @NotNull Duration kafkaProbeTimeout,
        @Bindable(defaultValue = "30s") @NotNull Duration stallReportAfter,
        @Bindable(defaultValue = "30s") @NotNull Duration positionStallAfter) {

    public HealthConfig {
        if (stallReportAfter != null && stallReportAfter.isNegative()) {
            throw new IllegalArgumentException("connector.health.stall-report-after (" + stallReportAfter
                    + ") must be 0 (off) or positive");
        }
        if (positionStallAfter != null && positionStallAfter.isNegative()) {
            throw new IllegalArgumentException("connector.health.position-stall-after (" + positionStallAfter
                    + ") must be 0 (off) or positive");
        }
    }
}
