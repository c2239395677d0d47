package dev.numbers.connector.provider;

/**
 * Asked right before every call that may change something at the provider (a purchase, an order): does this
 * thread's request still own its partition (same assignment epoch) and its request_id claim? The request's worker
 * thread sets it for the time it runs; a thread without one (tests, tools) may always call.
 */
@FunctionalInterface
public interface CallPermit {

    /** Throws {@link Revoked} when the call must not go out; may block to renew a claim first. */
    void check();

    /** This request lost its partition or its claim: no provider call is made for it any more. */
    final class Revoked extends RuntimeException {
        public Revoked(final String why) {
            super(why, null, false, false);
        }
    }

    /** Set per worker thread (virtual threads: one per request run). */
    ThreadLocal<CallPermit> CURRENT = ThreadLocal.withInitial(() -> () -> { });

    static void checkCurrent() {
        CURRENT.get().check();
    }
}
