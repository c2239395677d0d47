package dev.numbers.bridge.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits the benchmark JVM's CPU time into the bridge, the in-JVM broker, the load client and the JVM itself, by
 * thread name: the whole JVM's figure moves with the broker's and the client's share, which no bridge change touches.
 *
 * <p>The bridge's request handlers are virtual threads; the JVM reports CPU time only for their carrier threads
 * (ForkJoinPool workers), which is why the load client runs on named platform threads.
 */
final class ThreadCpu {

    /** Threads of the bridge: HTTP (Netty, virtual-thread carriers), its producer and the Streams topology. */
    private static final Pattern BRIDGE = Pattern.compile(
            "StreamThread|kafka-producer-network-thread|eventLoopGroup|ForkJoinPool|virtual");
    /** The benchmark's own threads: the HTTP clients and the consumer that measures order-state lag. */
    private static final Pattern CLIENT = Pattern.compile("^bench-client-|bench-lag");

    /** Nanoseconds of CPU per part. */
    record Parts(long bridge, long broker, long client, long jvm) {
    }

    private ThreadCpu() {
    }

    /** CPU time so far of every live thread, by thread id. */
    static Map<Long, Long> snapshot() {
        final var mx = ManagementFactory.getThreadMXBean();
        final var cpu = new HashMap<Long, Long>();
        for (final long id : mx.getAllThreadIds()) {
            final long nanos = mx.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * The CPU each part used since {@code before}; what the process used beyond all Java threads is the JVM's own
     * (GC, JIT). A thread that ended in between is lost to the JVM's share, which the benchmark avoids by starting
     * every thread before the measurement.
     */
    static Parts since(final Map<Long, Long> before, final long processNanos) {
        final var mx = ManagementFactory.getThreadMXBean();
        long bridge = 0;
        long broker = 0;
        long client = 0;
        for (final var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            final long now = mx.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            final long used = now - before.getOrDefault(info.getThreadId(), 0L);
            final var name = info.getThreadName();
            if (CLIENT.matcher(name).find()) {
                client += used;
            } else if (BRIDGE.matcher(name).find()) {
                bridge += used;
            } else {
                broker += used;
            }
        }
        return new Parts(bridge, broker, client, Math.max(0, processNanos - bridge - broker - client));
    }
}
