package dev.numbers.connector.executor;

import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.ProviderCall;
import dev.numbers.connector.provider.ProviderClient;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A provider that sells numbers and keeps what it sold, like the real clients over HTTP: a call that may have run
 * before is looked up first ({@code prior.mayHaveRun}) and found instead of posted again; every post asks the call's
 * claim first. {@link #failNext} answers the next post with a failure, {@link #dropNext} performs it and loses the
 * answer (the run ends there, as in a crash), {@link #holdNext} keeps a post in flight until released,
 * {@link #answerWith} shapes the success's resource.
 */
final class InMemoryProvider implements ProviderClient {

    private final Set<String> sold = ConcurrentHashMap.newKeySet();
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private volatile Runnable dropNext;
    private volatile boolean failNext;
    private volatile boolean interruptNext;
    private volatile CountDownLatch holdNext;
    private volatile Function<String, Object> resource = number -> null;

    /** The next post is performed, then {@code lost} runs (the test's crash) and its answer never arrives. */
    void dropNext(final Runnable lost) {
        dropNext = lost;
    }

    /** The next post is performed only once {@code release} opens (a slow provider); its claim is checked first. */
    void holdNext(final CountDownLatch release) {
        holdNext = release;
    }

    void failNext() {
        failNext = true;
    }

    /**
     * The next post is performed, then its thread is interrupted (the stop's last step) while it waits for the
     * answer: the HTTP client throws the interrupt wrapped, as Reactor's {@code block()} does.
     */
    void interruptNext() {
        interruptNext = true;
    }

    void answerWith(final Function<String, Object> resource) {
        this.resource = resource;
    }

    List<String> posts() {
        return posts;
    }

    List<String> lookups() {
        return lookups;
    }

    Set<String> sold() {
        return sold;
    }

    @Override
    public Optional<Outcome> perform(final ProviderCall call) {
        if (!(call.operation() instanceof Operation.PurchasePhoneNumber purchase)) {
            throw new IllegalArgumentException(call.operation().type() + " is not sold here");
        }
        final var number = purchase.number();
        if (call.prior().mayHaveRun()) {
            lookups.add(number);
            if (sold.contains(number)) {
                return Optional.of(new Outcome.Succeeded(resource.apply(number), "{}", 1, true));
            }
        }
        call.claim().check();
        final var held = holdNext;
        if (held != null) {
            holdNext = null;
            posts.add(number);
            awaitQuietly(held);
        } else {
            posts.add(number);
        }
        if (failNext) {
            failNext = false;
            return Optional.of(new Outcome.Failed(List.of(Errors.of("provider_error", "Provider error",
                    "the provider answered 500", null)), "{}", 1));
        }
        sold.add(number);
        if (interruptNext) {
            interruptNext = false;
            Thread.currentThread().interrupt();
            throw new IllegalStateException(new InterruptedException());
        }
        if (dropNext != null) {
            final var lost = dropNext;
            dropNext = null;
            lost.run();
            throw new CallClaim.Revoked("the answer was lost");
        }
        return Optional.of(new Outcome.Succeeded(resource.apply(number), "{}", 1));
    }

    private static void awaitQuietly(final CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Exchange probe() {
        throw new UnsupportedOperationException("no probes here");
    }

    @Override
    public void close() {
    }
}
