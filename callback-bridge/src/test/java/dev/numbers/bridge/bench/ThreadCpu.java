package dev.numbers.bridge.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits the benchmark JVM's CPU time by kind of thread, from each thread's own CPU time (ThreadMXBean): the whole
 * JVM's figure moves with the broker's, the load client's and the JIT's share, which no bridge change touches, and
 * those vary from run to run far more than the bridge does.
 *
 * <p>The bridge's request handlers are virtual threads; the JVM reports CPU time only for their carrier threads
 * (ForkJoinPool workers), which is why the load client runs on named platform threads. JIT compiler and GC threads
 * are not Java threads: they come from HotSpot's internal thread times when the JVM was started with
 * {@code --add-exports java.management/sun.management=ALL-UNNAMED} (the benchmark's command does), else they are
 * the process's CPU beyond every Java thread.
 */
final class ThreadCpu {

    /** What a thread is there for; the order is the order of the printed columns. */
    enum Kind {
        /** Netty event loops and the carriers of the request virtual threads: HTTP, signature, parse, send. */
        INTAKE("intake (HTTP)"),
        /** The intake producer's network thread: batches and acknowledgements of raw webhooks. */
        INTAKE_PRODUCER("intake producer"),
        /** The Streams thread (poll, process, commit), its state updater, heartbeat and admin threads. */
        STREAMS("Streams"),
        /** The Streams producer's network thread: changelog, repartition, output and transaction requests. */
        STREAMS_PRODUCER("Streams producer"),
        /** The in-JVM broker and whatever else is not named here (admin clients, schedulers). */
        BROKER("broker, other"),
        /** The benchmark's HTTP clients and the consumer that measures order-state lag. */
        CLIENT("load client"),
        JIT("JIT"),
        GC("GC"),
        /** The process's CPU beyond every thread counted above (VM thread, exited threads). */
        JVM_OTHER("JVM other");

        final String label;

        Kind(final String label) {
            this.label = label;
        }

        /** The bridge's own kinds: what a bridge change can move. */
        boolean bridge() {
            return this == INTAKE || this == INTAKE_PRODUCER || this == STREAMS || this == STREAMS_PRODUCER;
        }
    }

    /** CPU nanoseconds so far, by Java thread id and by HotSpot internal thread name. */
    record Snapshot(Map<Long, Long> threads, Map<String, Long> internal, long process) {
    }

    private ThreadCpu() {
    }

    static Snapshot snapshot() {
        final var mx = ManagementFactory.getThreadMXBean();
        final var cpu = new HashMap<Long, Long>();
        for (final long id : mx.getAllThreadIds()) {
            final long nanos = mx.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return new Snapshot(cpu, internalThreads(), processCpu());
    }

    /**
     * The CPU each kind used since {@code before}, plus what the load client's threads used before they ended. Any
     * other Java thread that ended in between is lost to "JVM other".
     */
    static Map<Kind, Long> since(final Snapshot before, final long exitedClientNanos) {
        final var mx = ManagementFactory.getThreadMXBean();
        final var used = new EnumMap<Kind, Long>(Kind.class);
        for (final var kind : Kind.values()) {
            used.put(kind, 0L);
        }
        used.put(Kind.CLIENT, exitedClientNanos);
        for (final var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            final long now = mx.getThreadCpuTime(info.getThreadId());
            if (now >= 0) {
                used.merge(kind(info.getThreadName()), now - before.threads().getOrDefault(info.getThreadId(), 0L),
                        Long::sum);
            }
        }
        internalThreads().forEach((name, now) -> {
            final long delta = now - before.internal().getOrDefault(name, 0L);
            if (name.contains("CompilerThread")) {
                used.merge(Kind.JIT, delta, Long::sum);
            } else if (name.startsWith("GC Thread") || name.startsWith("G1")) {
                used.merge(Kind.GC, delta, Long::sum);
            }
        });
        final long counted = used.values().stream().mapToLong(Long::longValue).sum();
        used.put(Kind.JVM_OTHER, Math.max(0, processCpu() - before.process() - counted));
        return used;
    }

    static Kind kind(final String thread) {
        if (thread.startsWith("bench-client-") || thread.startsWith("bench-lag")) {
            return Kind.CLIENT;
        }
        // the benchmark's application ids start with bridge-bench-: that also catches the Streams consumer's
        // heartbeat thread and its admin client, which are named after the application, not the stream thread
        if (thread.contains("StreamThread") || thread.contains("StateUpdater") || thread.contains("bridge-bench-")) {
            return thread.startsWith("kafka-producer-network-thread") ? Kind.STREAMS_PRODUCER : Kind.STREAMS;
        }
        // the only other producer in the benchmark's bridge (the poller is off, dead letters go through Streams)
        if (thread.startsWith("kafka-producer-network-thread")) {
            return Kind.INTAKE_PRODUCER;
        }
        if (thread.contains("EventLoopGroup") || thread.startsWith("ForkJoinPool") || thread.contains("virtual")) {
            return Kind.INTAKE;
        }
        return Kind.BROKER;
    }

    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** HotSpot's JIT, GC and VM threads, by name; empty when {@code sun.management} is not exported to us. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> internalThreads() {
        try {
            final var helper = Class.forName("sun.management.ManagementFactoryHelper");
            final var bean = helper.getMethod("getHotspotThreadMBean").invoke(null);
            final var times = Class.forName("sun.management.HotspotThreadMBean")
                    .getMethod("getInternalThreadCpuTimes").invoke(bean);
            return times == null ? Map.of() : (Map<String, Long>) times;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Map.of();
        }
    }
}
