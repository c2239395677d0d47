package dev.numbers.connector.ledger;

/** Where one request record sits in Kafka. */
public record RecordRef(String topic, int partition, long offset) {
}
