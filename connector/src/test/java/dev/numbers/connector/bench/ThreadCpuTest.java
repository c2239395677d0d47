package dev.numbers.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    private static final String BEFORE = """
            "request-loop" #45 [1301] prio=5 os_prio=0 cpu=100.00ms elapsed=9.00s tid=0x7f64 nid=1301 runnable  [0x0]
            "kafka-producer-network-thread | numbers-connector-claims-main" #50 [1302] daemon prio=5 os_prio=0 \
            cpu=20.00ms elapsed=9.00s tid=0x00007f65 nid=1302 runnable  [0x0]
            "ForkJoinPool-1-worker-1" #24 [1226] daemon prio=5 os_prio=0 cpu=5.00ms elapsed=1s tid=0x0 nid=1226 waiting
            "GC Thread#0" os_prio=0 cpu=5.23ms elapsed=1.78s tid=0x00007f6468057990 nid=1205 runnable
            """;

    private static final String AFTER = """
            "request-loop" #45 [1301] prio=5 os_prio=0 cpu=160.00ms elapsed=19.00s tid=0x7f64 nid=1301 runnable  [0x0]
            "kafka-producer-network-thread | numbers-connector-claims-main" #50 [1302] daemon prio=5 os_prio=0 \
            cpu=50.00ms elapsed=19.00s tid=0x00007f65 nid=1302 runnable  [0x0]
            "kafka-producer-network-thread | numbers-connector-results" #51 [1303] daemon prio=5 os_prio=0 \
            cpu=7.00ms elapsed=9.00s tid=0x00007f66 nid=1303 runnable  [0x0]
            "GC Thread#0" os_prio=0 cpu=15.23ms elapsed=11.78s tid=0x00007f6468057990 nid=1205 runnable
            """;

    @Test
    void splitsAPhasesCpuByKindOfThreadAndCountsEndedThreadsApart() {
        final var byKind = ThreadCpu.parse(BEFORE).until(ThreadCpu.parse(AFTER), Duration.ofMillis(120));

        assertThat(byKind).containsEntry("request loop (poll, intake, dispatch)", Duration.ofMillis(60))
                .containsEntry("Kafka I/O: claim producers", Duration.ofMillis(30))
                .containsEntry("Kafka I/O: result and other producers", Duration.ofMillis(7))
                .containsEntry("GC and VM", Duration.ofMillis(10))
                // The carrier thread is gone: its share is what the process used beyond the threads still there.
                .containsEntry(ThreadCpu.ENDED, Duration.ofMillis(13));
    }

    @Test
    void noSnapshotNoBreakdown() {
        assertThat(new ThreadCpu(Map.of()).until(ThreadCpu.parse(AFTER), Duration.ofMillis(1))).isEmpty();
    }
}
