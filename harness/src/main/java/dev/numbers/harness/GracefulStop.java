package dev.numbers.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a graceful stop must look like from outside: the process exited by itself within its grace (not the SIGKILL
 * that follows it), with status 0, and left no {@code hs_err_pid<pid>.log}, the report a JVM writes when it crashes
 * (a native store touched after close, for one). Kubernetes counts anything else as a crash on every rollout.
 */
public final class GracefulStop {

    /** The SIGKILL after the grace: {@link ChildJvm#stop} ends the process the hard way, which reads 137. */
    private static final int KILLED = 137;

    private GracefulStop() {
    }

    /** Throws, with {@code diagnosis}, when the stop of process {@code pid} that took {@code took} was not clean. */
    static void check(final String name, final long pid, final int exit, final Duration took, final Duration grace,
                      final Supplier<String> diagnosis) {
        final var crashReport = crashReport(pid);
        if (Files.exists(crashReport)) {
            throw new IllegalStateException(name + " (pid " + pid + ") crashed during its graceful stop: "
                    + crashReport.toAbsolutePath() + "; " + diagnosis.get());
        }
        if (exit == KILLED || took.compareTo(grace) > 0) {
            throw new IllegalStateException(name + " (pid " + pid + ") did not stop within " + grace
                    + " of SIGTERM (exit " + exit + "); " + diagnosis.get());
        }
        if (exit != 0) {
            throw new IllegalStateException(name + " (pid " + pid + ") exited " + exit + " after SIGTERM, not 0; "
                    + diagnosis.get());
        }
    }

    /** Where the JVM writes its crash report by default: the working directory, which a child shares with us. */
    static Path crashReport(final long pid) {
        return Path.of("hs_err_pid" + pid + ".log");
    }
}
