package dev.numbers.connector.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider account's limit as this instance may use it: the account's requests per second, cut to this
 * instance's {@link GroupShare} of the consumer group (less the headroom when the group has several members), cut
 * further by {@link Aimd} after the provider refused calls, paced one permit at a time by {@link Pacer}, and never
 * more than the rate in any second ({@link SecondWindow}). Every call of the account, retries and lookups included,
 * takes a permit first and reports
 * the provider's answer after. Made only by {@link SharedRateLimits#forAccount}.
 */
public final class SharedRateLimit {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRateLimit.class);

    private final String name;
    private final double limit;
    private final double headroom;
    private final GroupWatch group;
    private final Duration maxPause;
    private final Clock clock;
    private final Pacer pacer = new Pacer();
    private final SecondWindow window = new SecondWindow();
    private final Aimd aimd;
    private final MeterRegistry meters;
    private final Tags tags;
    private volatile GroupShare share;

    SharedRateLimit(final String provider, final String account, final double limit, final GroupWatch group,
                    final RateLimitConfig config, final MeterRegistry meters, final Clock clock) {
        this.name = provider + "/" + account;
        this.limit = limit;
        this.headroom = config.headroom();
        this.group = group;
        this.maxPause = config.maxPause();
        this.clock = clock;
        this.aimd = new Aimd(config.recoveryPerSecond());
        this.meters = meters;
        this.tags = Tags.of("provider", provider, "account", account);
        this.share = group == null ? GroupShare.alone(limit) : withHeadroom(group.share(limit));
        meters.gauge("connector.rate.limit.share", tags, this, l -> l.share.perSecond());
        meters.gauge("connector.rate.limit.rate", tags, this, l -> l.rate(System.nanoTime()));
        if (group != null) {
            group.subscribe(this::regroup);
        }
    }

    /** Permits per second this instance may use now: its share after any 429 backoff. */
    public double rate() {
        return rate(System.nanoTime());
    }

    public GroupShare share() {
        return share;
    }

    /**
     * Waits for this account's next permit. False when the thread was interrupted while waiting (the connector is
     * stopping): the caller must not send. A pause asked for while waiting makes the wait start again; a permit whose
     * second is already full (the waiter woke late, after others) waits for room in the {@link SecondWindow}.
     */
    public boolean acquire() {
        while (true) {
            final long now = System.nanoTime();
            final double rate = rate(now);
            final long slot = pacer.reserve(rate, now);
            if (!parkUntil(slot)) {
                return false;
            }
            if (pacer.pausedAt(slot)) {
                continue;
            }
            for (long wait = window.take(rate, System.nanoTime()); wait > 0;
                 wait = window.take(rate, System.nanoTime())) {
                if (!parkUntil(System.nanoTime() + wait)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean parkUntil(final long at) {
        for (long left = at - System.nanoTime(); left > 0; left = at - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return !Thread.currentThread().isInterrupted();
    }

    /** Learns from one answer (any status): a 429 or an exhausted window lowers the rate and may pause the account. */
    public void observe(final int status, final Function<String, String> header) {
        final var seen = RateLimitHeaders.read(status, header, clock.instant());
        if (!seen.overLimit()) {
            return;
        }
        final long now = System.nanoTime();
        final var reason = status == 429 ? "429" : "remaining_zero";
        meters.counter("connector.rate.limit.throttled", tags.and("reason", reason)).increment();
        seen.pause().ifPresent(asked -> {
            final var pause = asked.compareTo(maxPause) > 0 ? maxPause : asked;
            pacer.pauseUntil(now + pause.toNanos());
        });
        if (aimd.decrease(now)) {
            LOG.info("rate limit for {}: provider said too many ({}), this instance down to {}/s{}", name, reason,
                    perSecond(rate(now)), seen.pause().map(p -> ", pausing " + p.toMillis() + " ms").orElse(""));
        }
    }

    private double rate(final long now) {
        return share.perSecond() * aimd.factor(now);
    }

    private void regroup(final boolean rebalanced) {
        final var next = withHeadroom(group.share(limit));
        share = next;
        final String text = "rate limit for {}: {}/s for the group, this instance {}/s ({} of {} members; {} of {}"
                + " request partitions owned, {} with a backlog)";
        final Object[] args = {name, perSecond(limit), perSecond(next.perSecond()), 1, next.members(),
                next.owned(), next.partitions(), next.busy()};
        if (rebalanced) {
            LOG.info(text, args);
        } else {
            LOG.debug(text, args);
        }
    }

    /** Several members pace independently and their calls clump on the way: they leave the headroom unused. */
    private GroupShare withHeadroom(final GroupShare share) {
        return share.members() > 1 ? share.times(1 - headroom) : share;
    }

    private static String perSecond(final double rate) {
        return String.format(Locale.ROOT, "%.1f", rate);
    }
}
