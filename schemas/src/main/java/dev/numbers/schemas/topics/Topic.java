package dev.numbers.schemas.topics;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.avro.RawWebhook;

/**
 * The topic catalogue: every topic the services read or write, its default name and what its keys and values are.
 * Each service's configuration still lets users rename a topic ({@code connector.topics.*}, {@code bridge.*-topic});
 * the default comes from here, so it is written once for the connector, the bridge, the local stack and the tests.
 */
public enum Topic {

    /** Users' requests, keyed by an ordering key they choose (phone number, campaign id). */
    REQUESTS(TopicNames.REQUESTS, Key.STRING, new TopicValue.Avro(NumberRequest.class)),
    /** One result per request, keyed by request_id, written transactionally by the connector. */
    RESULTS(TopicNames.RESULTS, Key.STRING, new TopicValue.Avro(NumberResult.class)),
    /** Request records the connector cannot decode, keyed by their original key bytes. */
    REQUESTS_DLQ(TopicNames.REQUESTS_DLQ, Key.BYTES, new TopicValue.Bytes()),
    /** The connector's intent ledger (compacted), keyed by request_id. */
    INTENTS(TopicNames.INTENTS, Key.STRING, new TopicValue.Avro(Intent.class)),
    /** Per-tenant quota reservations (compacted), keyed by {@code <tenant>|<request_id>}. */
    QUOTAS(TopicNames.QUOTAS, Key.STRING, new TopicValue.Avro(QuotaEntry.class)),
    /** Verified provider webhooks (and the poller's findings), keyed by the provider's object id. */
    RAW_WEBHOOKS(TopicNames.RAW_WEBHOOKS, Key.STRING, new TopicValue.Avro(RawWebhook.class)),
    /** Order-state events from the bridge's topology, keyed by order id. */
    ORDER_STATES(TopicNames.ORDER_STATES, Key.STRING, new TopicValue.Avro(OrderStateEvent.class)),
    /**
     * State events of the 10DLC objects that are not orders (brands, campaigns, Telnyx's number assignments), keyed by
     * the object's own id: the same record type as order states, so an order consumer reads orders only.
     */
    OBJECT_STATES(TopicNames.OBJECT_STATES, Key.STRING, new TopicValue.Avro(OrderStateEvent.class)),
    /** Records the bridge's topology or poller cannot read or map, keyed by their original key bytes. */
    WEBHOOKS_DLQ(TopicNames.WEBHOOKS_DLQ, Key.BYTES, new TopicValue.Bytes());

    /** What a topic's record keys are. */
    public enum Key {
        /** UTF-8 strings ({@code StringSerializer}). */
        STRING,
        /** The original key bytes of a dead-lettered record, as they were. */
        BYTES
    }

    private final String defaultName;
    private final Key key;
    private final TopicValue value;

    Topic(final String defaultName, final Key key, final TopicValue value) {
        this.defaultName = defaultName;
        this.key = key;
        this.value = value;
    }

    public String defaultName() {
        return defaultName;
    }

    public Key key() {
        return key;
    }

    public TopicValue value() {
        return value;
    }
}
