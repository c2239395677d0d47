package dev.numbers.connector.provider;

/**
 * The request's claim, carried by its {@link ProviderCall}: asked right before every call that may change something
 * at the provider (a purchase, an order) whether the request still owns its partition (same assignment epoch) and
 * its request_id claim, and told the number a search is about to buy. An explicit value, so a call can only be made
 * by whoever holds the claim; tools and tests without a ledger use {@link #UNCLAIMED}.
 */
public interface CallClaim {

    /** Throws {@link Revoked} when the call must not go out; may block to renew the claim first. */
    void check();

    /**
     * Records (STARTED again) the number a search-and-purchase is about to buy, so a run taking the request over
     * looks it up; false when it could not be recorded (stopping, or another run answered the request).
     */
    boolean recordCandidate(String number);

    /** A call made outside the request path (tools, tests): always permitted, nothing recorded. */
    CallClaim UNCLAIMED = new CallClaim() {
        @Override
        public void check() {
        }

        @Override
        public boolean recordCandidate(final String number) {
            return true;
        }
    };

    /** This request lost its partition or its claim: no provider call is made for it any more. */
    final class Revoked extends RuntimeException {
        public Revoked(final String why) {
            super(why, null, false, false);
        }
    }
}
