package dev.numbers.connector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The deterministic simulation of the exactly-once core: {@code sim.schedules} seeded schedules (10,000 by default)
 * from {@code sim.seed} on, each checked against the {@link Invariants}. A failing seed prints its trace and the one
 * command that replays it. {@code sim.faults} chooses the fault classes (see {@link Faults}).
 */
class SimulationTest {

    private static final String PACKAGE = "dev.numbers.connector";
    private static Level before;

    @BeforeAll
    static void quiet() {
        // Millions of decisions: the path's INFO lines would cost more than the simulation.
        final var logger = (Logger) LoggerFactory.getLogger(PACKAGE);
        before = logger.getLevel();
        logger.setLevel(Level.OFF);
    }

    @AfterAll
    static void loud() {
        ((Logger) LoggerFactory.getLogger(PACKAGE)).setLevel(before);
    }

    @Test
    void everyScheduleKeepsTheInvariants() {
        final var faults = Faults.of(System.getProperty("sim.faults", Faults.VERIFY));
        final long first = Long.getLong("sim.seed", 1L);
        final int schedules = Integer.getInteger("sim.schedules", System.getProperty("sim.seed") == null ? 10_000 : 1);
        final long began = System.nanoTime();
        final List<String> failed = new ArrayList<>();
        final Map<String, Integer> causes = new TreeMap<>();
        long posts = 0;
        long lookups = 0;
        final long[] releases = new long[3];
        for (long seed = first; seed < first + schedules; seed++) {
            final var world = run(seed, faults, false);
            posts += world.provider.postCount;
            lookups += world.provider.lookupCount;
            releases[0] += world.provider.deleteCount;
            releases[1] += world.provider.notListedCount;
            releases[2] += world.results.stream().filter(p -> p.result().getErrors().stream()
                    .anyMatch(e -> "not_owned".contentEquals(e.getCode()))).count();
            if (!world.violations.isEmpty()) {
                if (failed.isEmpty()) {
                    // Deterministic: the same seed again, this time with its trace.
                    System.out.println(report(seed, faults, run(seed, faults, true)));
                }
                failed.add(seed + ": " + world.violations.getFirst());
                world.violations.forEach(line -> causes.merge(cause(line), 1, Integer::sum));
            }
        }
        System.out.printf("simulation: %d schedules from seed %d (faults %s) in %d ms, %d posts, %d lookups;"
                        + " invariants checked after each: %s; %d failed%n", schedules, first, faults.enabled(),
                (System.nanoTime() - began) / 1_000_000, posts, lookups, Invariants.NAMES, failed.size());
        System.out.printf("  releases: %d DELETEs, %d numbers not listed where a release looked, %d answered"
                + " not_owned%n", releases[0], releases[1], releases[2]);
        causes.forEach((cause, count) -> System.out.printf("  %6d × %s%n", count, cause));
        failed.stream().limit(20).forEach(line -> System.out.println("  failed seed " + line));
        assertThat(failed.stream().limit(20).toList())
                .as("seeds that broke an invariant (the first one's trace is printed above)").isEmpty();
    }

    @Test
    void aSeedReplaysToTheSameTrace() {
        final var faults = Faults.of(Faults.VERIFY);

        final var once = run(29, faults, true).trace;

        assertThat(once).hasSizeGreaterThan(10).anySatisfy(line -> assertThat(line).contains("posts r"));
        assertThat(run(29, faults, true).trace).isEqualTo(once);
    }

    /** The invariant and, where the provider named one, the cause in parentheses. */
    private static String cause(final String violation) {
        final var invariant = violation.substring(0, violation.indexOf(':'));
        final int open = violation.lastIndexOf(" (");
        return open < 0 || !violation.endsWith(")") ? invariant : invariant + violation.substring(open);
    }

    private static World run(final long seed, final Faults faults, final boolean tracing) {
        final var schedule = new Schedule(seed, faults, tracing);
        final var world = schedule.run();
        Invariants.check(world, schedule.produced());
        return world;
    }

    private static String report(final long seed, final Faults faults, final World world) {
        final var out = new StringBuilder("seed ").append(seed).append(" broke ").append(world.violations)
                .append("\ntrace:\n");
        world.trace.forEach(line -> out.append("  ").append(line).append('\n'));
        out.append("replay: ./mvnw -B -ntp -pl connector -am test -Dtest=SimulationTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed=").append(seed);
        if (!faults.enabled().equals(Faults.of(Faults.VERIFY).enabled())) {
            out.append(" -Dsim.faults=").append(String.join(",", new TreeSet<>(faults.enabled())));
        }
        return out.toString();
    }
}
