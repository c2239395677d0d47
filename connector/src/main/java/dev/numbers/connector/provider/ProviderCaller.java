package dev.numbers.connector.provider;

import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.ratelimit.RetryAfter;
import dev.numbers.connector.ratelimit.SharedRateLimit;
import dev.numbers.schemas.avro.Provider;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import dev.numbers.schemas.tracing.TraceHeaders;
import io.opentelemetry.context.Context;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical call to one provider account: waits for the account's rate limiter, retries 429/5xx/no-answer
 * with exponential backoff and jitter (Retry-After wins when sent, capped at maxBackoff), never retries other 4xx.
 */
public final class ProviderCaller {

    private final Provider provider;
    private final HttpClient http;
    private final SharedRateLimit rateLimit;
    @SuppressWarnings("checkstyle:inlineQualifiedName") // two RetryConfig types: ours and Resilience4j's
    private final io.github.resilience4j.retry.RetryConfig retryConfig;
    private final MeterRegistry meters;
    private final InFlight inFlight;

    /**
     * {@code rateLimit} is the account's group-wide limit ({@link dev.numbers.connector.account.AccountLimiters});
     * {@code inFlight} says how long a post may still be performed after it was sent, and gives the time.
     */
    @SuppressWarnings("checkstyle:inlineQualifiedName")
    public ProviderCaller(final Provider provider, final HttpClient http, final SharedRateLimit rateLimit,
                          final RetryConfig policy, final MeterRegistry meters, final InFlight inFlight) {
        this.provider = provider;
        this.http = http;
        this.meters = meters;
        this.inFlight = inFlight;
        // Every call of this account (retries and lookups too) takes a permit of the account's group-wide limit.
        this.rateLimit = rateLimit;
        final var backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), policy.multiplier(),
                0.5, policy.maxBackoff());
        final long maxMillis = policy.maxBackoff().toMillis();
        this.retryConfig = io.github.resilience4j.retry.RetryConfig.<Exchange>custom()
                .maxAttempts(policy.maxAttempts())
                .ignoreExceptions(CallClaim.Revoked.class)
                .retryOnResult(exchange -> switch (exchange) {
                    case Exchange.Answered a -> a.retryable();
                    case Exchange.Unreachable u -> true;
                    case Exchange.Reconciled r -> false;
                    case Exchange.Ambiguous a -> false;
                })
                .intervalBiFunction((attempt, either) -> {
                    if (either.isRight() && either.get() instanceof Exchange.Answered a && a.retryAfter().isPresent()) {
                        return Math.min(a.retryAfter().get().toMillis(), maxMillis);
                    }
                    return backoff.apply(attempt);
                })
                .build();
    }

    public Provider provider() {
        return provider;
    }

    /** {@code request} is built afresh for every attempt so no attempt shares a consumed body. */
    public Exchange call(final String operation, final Supplier<HttpRequest<?>> request) {
        final var attempts = new AtomicInteger();
        final Supplier<Exchange> once = () -> {
            countRetry(operation, attempts.incrementAndGet());
            return send(operation, request.get());
        };
        return retrying(operation, once).withAttempts(attempts.get());
    }

    /**
     * A call that changes something at the provider (a purchase, an order). Posting it again after an answer that
     * may hide a performed call (no answer, 5xx) could buy twice, so every attempt after such an answer first asks
     * {@code lookup}; so does the first attempt when {@code prior} may have run (a crashed or taken-over run left a
     * STARTED intent). Found ends the call as {@link Exchange.Reconciled}. NotFound lets the post go out only once
     * every post whose outcome is unknown has settled: this call's own ({@link InFlight}) and an earlier claimer's
     * ({@link PriorAttempts#settles}); a lookup sooner may miss a post the provider still performs, so the rest is
     * waited out and the lookup asked again. {@code key} names what is posted (the number, the order's reference):
     * an unsettled post of it by an earlier run in this process is waited for too. {@code claim} is checked while
     * waiting and right before every post. 429 means not performed.
     */
    public Exchange mutate(final String operation, final String key, final Supplier<HttpRequest<?>> request,
                           final Reconciliation.Lookup lookup, final PriorAttempts prior, final CallClaim claim) {
        final var attempts = new AtomicInteger();
        final var ownPosts = inFlight.settles(operation + ":" + key);
        final var uncertain = new AtomicBoolean(prior.mayHaveRun() || ownPosts != null);
        final var settles = new AtomicReference<>(later(prior.mayHaveRun() ? prior.settles() : null, ownPosts));
        final Supplier<Exchange> once = () -> {
            countRetry(operation, attempts.incrementAndGet());
            while (uncertain.get()) {
                switch (lookedUp(operation, lookup)) {
                    case Reconciliation.Found f -> {
                        return new Exchange.Reconciled(f.body(), 1);
                    }
                    case Reconciliation.Undecided u -> {
                        return u.exchange();
                    }
                    case Reconciliation.NotFound n -> {
                        final var settled = settles.get();
                        if (settled == null || !inFlight.now().isBefore(settled)) {
                            uncertain.set(false);
                        } else {
                            inFlight.awaitUntil(settled, claim);
                        }
                    }
                }
            }
            // After the lookup, right before the post: a request whose partition or claim moved on must not post.
            claim.check();
            final var sent = inFlight.now();
            final var exchange = send(operation, request.get());
            if (exchange.mayHaveBeenPerformed()) {
                uncertain.set(true);
                settles.accumulateAndGet(inFlight.unsettled(operation + ":" + key, sent), ProviderCaller::later);
            }
            return exchange;
        };
        final var last = retrying(operation, once);
        final var settled = uncertain.get() && !(last instanceof Exchange.Reconciled) ? new Exchange.Ambiguous(last, 1)
                : last;
        return settled.withAttempts(attempts.get());
    }

    private static Instant later(final Instant a, final Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }

    private Reconciliation lookedUp(final String operation, final Reconciliation.Lookup lookup) {
        final var found = lookup.find();
        meters.counter("connector.reconciliations", "provider", provider.name(), "operation", operation,
                "outcome", switch (found) {
                    case Reconciliation.Found f -> "found";
                    case Reconciliation.NotFound n -> "not_found";
                    case Reconciliation.Undecided u -> "undecided";
                }).increment();
        return found;
    }

    private Exchange retrying(final String operation, final Supplier<Exchange> once) {
        final var retry = Retry.of(provider.name() + "-" + operation, retryConfig);
        return Retry.decorateSupplier(retry, once).get();
    }

    private void countRetry(final String operation, final int attempt) {
        if (attempt > 1) {
            meters.counter("connector.provider.retries", "provider", provider.name(), "operation", operation)
                    .increment();
        }
    }

    /** One rate-limited exchange without retries: for lookups, which run inside an attempt of their own. */
    public Exchange send(final String operation, final HttpRequest<?> request) {
        if (!rateLimit.acquire()) {
            // Interrupted while waiting: the connector is stopping. Nothing was sent, so the request stays unanswered
            // for whoever owns its partition next, like a request whose partition moved.
            throw new CallClaim.Revoked("interrupted while waiting for the account's rate limit");
        }
        return sendOnce(operation, request);
    }

    private Exchange sendOnce(final String operation, final HttpRequest<?> request) {
        final var sample = Timer.start(meters);
        String status = "none";
        if (request instanceof MutableHttpRequest<?> outgoing) {
            // The request's trace (current on this thread) goes to the provider as W3C traceparent.
            TraceHeaders.inject(Context.current(), outgoing::header);
        }
        try {
            final var response = http.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
            status = Integer.toString(response.code());
            rateLimit.observe(response.code(), response.getHeaders()::get);
            return new Exchange.Answered(response.code(), response.getBody(String.class).orElse(null),
                    Optional.empty(), 1);
        } catch (HttpClientResponseException e) {
            status = Integer.toString(e.code());
            final var response = e.getResponse();
            rateLimit.observe(e.code(), response.getHeaders()::get);
            return new Exchange.Answered(e.code(), response.getBody(String.class).orElse(null),
                    RetryAfter.parse(response.getHeaders().get(HttpHeaders.RETRY_AFTER), inFlight.now()), 1);
        } catch (HttpClientException e) {
            // The exception text names the URL at most, never the Authorization header.
            LoggerFactory.getLogger(ProviderCaller.class).warn("{} {}: no answer ({})", provider, operation,
                    e.toString());
            return new Exchange.Unreachable(e.getClass().getSimpleName() + ": " + e.getMessage(), 1);
        } finally {
            sample.stop(meters.timer("connector.provider.latency", "provider", provider.name(),
                    "operation", operation, "status", status));
        }
    }
}
