package dev.numbers.connector.loop;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Why the request loop cannot make progress right now, one reason per kind of stall; {@code /health} is DOWN while
 * any is set and shows them. Each kind has a gauge {@code connector.health.down{check=...}} (1 while DOWN), so an
 * alert can say which one without reading the health body.
 */
public final class LoopHealth {

    /** The kinds of stall the loop can tell apart. */
    public enum Check { TRANSACTIONS, REGISTRY, KAFKA, RESULTS, LEDGER, POSITIONS, PARTITIONS, LANES }

    private final Map<Check, String> reasons = new ConcurrentHashMap<>();
    /** Checks asked whenever the health is read, instead of being told (a lane stuck says nothing by itself). */
    private final Map<Check, Supplier<Optional<String>>> watched = new ConcurrentHashMap<>();
    private final AtomicInteger consecutiveAborts = new AtomicInteger();
    private final int abortsBeforeDown;
    private final MeterRegistry meters;

    public LoopHealth(final int abortsBeforeDown, final MeterRegistry meters) {
        this.abortsBeforeDown = abortsBeforeDown;
        this.meters = meters;
        for (final var check : Check.values()) {
            meters.gauge("connector.health.down", List.of(Tag.of("check",
                    check.name().toLowerCase(Locale.ROOT))), this, h -> h.isDown(check) ? 1 : 0);
        }
    }

    public void down(final Check check, final String reason) {
        if (reasons.put(check, reason) == null) {
            LoggerFactory.getLogger(LoopHealth.class).error("health DOWN ({}): {}", check, reason);
        }
    }

    public void up(final Check check) {
        if (reasons.remove(check) != null) {
            LoggerFactory.getLogger(LoopHealth.class).info("health UP again ({})", check);
        }
    }

    /** A result transaction aborted; after {@code abortsBeforeDown} in a row the loop is reported stuck. */
    public int aborted(final String cause) {
        meters.counter("connector.transactions.aborted").increment();
        final int inARow = consecutiveAborts.incrementAndGet();
        if (inARow >= abortsBeforeDown) {
            down(Check.TRANSACTIONS, inARow + " result transactions aborted in a row; last: " + cause);
        }
        return inARow;
    }

    public void committed() {
        consecutiveAborts.set(0);
        up(Check.TRANSACTIONS);
    }

    /**
     * {@code check} is DOWN with {@code probe}'s reason while it has one, asked each time the health is read (DOWN
     * and UP again are logged as for a check that is told).
     */
    public void watch(final Check check, final Supplier<Optional<String>> probe) {
        watched.put(check, probe);
    }

    private void refresh() {
        watched.forEach((check, probe) -> {
            final var reason = probe.get();
            if (reason.isPresent()) {
                down(check, reason.get());
            } else {
                up(check);
            }
        });
    }

    public boolean isUp() {
        refresh();
        return reasons.isEmpty();
    }

    public boolean isDown(final Check check) {
        refresh();
        return reasons.containsKey(check);
    }

    /** The reasons by check name, for the health details. */
    public Map<String, String> reasons() {
        refresh();
        final var shown = new TreeMap<String, String>();
        reasons.forEach((check, reason) -> shown.put(check.name().toLowerCase(Locale.ROOT), reason));
        return shown;
    }
}
