package dev.numbers.schemas.topics;

/**
 * The default name of every topic, as compile-time constants so configuration annotations
 * ({@code @Bindable(defaultValue = ...)}, picocli defaults) can use them. {@link Topic} pairs each with its key and
 * value types; code that is not an annotation should use {@link Topic#defaultName()}.
 */
public final class TopicNames {

    public static final String REQUESTS = "numbers.requests";
    public static final String RESULTS = "numbers.results";
    public static final String REQUESTS_DLQ = "numbers.requests.dlq";
    public static final String INTENTS = "numbers.connector.intents";
    public static final String QUOTAS = "numbers.connector.quotas";
    public static final String RAW_WEBHOOKS = "numbers.webhooks.raw";
    public static final String ORDER_STATES = "numbers.order-states";
    public static final String OBJECT_STATES = "numbers.object-states";
    public static final String WEBHOOKS_DLQ = "numbers.webhooks.dlq";

    private TopicNames() {
    }
}
