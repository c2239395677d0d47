package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.Intent;

/** Told of each decoded intent record the ledger reads (the claim board listens). */
@FunctionalInterface
public interface IntentObserver {

    IntentObserver NONE = (id, at, intent) -> { };

    void observed(String requestId, IntentPosition at, Intent intent);
}
