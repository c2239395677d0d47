package dev.numbers.sandbox.stack;

/** The DESIGN default topic names the stack creates. */
public final class Topics {
    public static final String REQUESTS = "numbers.requests";
    public static final String RESULTS = "numbers.results";
    public static final String DLQ = "numbers.requests.dlq";
    public static final String INTENTS = "numbers.connector.intents";
    public static final String RAW_WEBHOOKS = "numbers.webhooks.raw";
    public static final String ORDER_STATES = "numbers.order-states";

    private Topics() {
    }
}
