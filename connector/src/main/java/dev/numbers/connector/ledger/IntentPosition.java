package dev.numbers.connector.ledger;

/** Where an intent record is in the intents topic. */
public record IntentPosition(int partition, long offset) {
}
