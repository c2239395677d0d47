package dev.numbers.connector.bench;

import java.time.Duration;

/**
 * The connector JVM's CPU time and its JIT compiler threads' share of it at one moment, so a phase's use is the
 * difference of two: what the connector spent over a paced run, and how much of that was still compiling.
 */
record ConnectorCpu(Duration total, Duration jit, long nanos) {

    static ConnectorCpu of(final MeasuredConnector connector) {
        return new ConnectorCpu(connector.cpu(), connector.jitCpu(), System.nanoTime());
    }

    /** Use from this moment until now: CPU and JIT time, and the wall-clock time they are spread over. */
    Use since(final MeasuredConnector connector) {
        final var now = of(connector);
        return new Use(now.total.minus(total), now.jit.minus(jit), Duration.ofNanos(now.nanos - nanos));
    }

    /** CPU used over {@code wall}, of which {@code jit} by the JIT compiler threads. */
    record Use(Duration cpu, Duration jit, Duration wall) {

        double cores() {
            return cpu.toNanos() / (double) wall.toNanos();
        }

        double jitCores() {
            return jit.toNanos() / (double) wall.toNanos();
        }
    }
}
