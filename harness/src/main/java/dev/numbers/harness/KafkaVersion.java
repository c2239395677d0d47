package dev.numbers.harness;

/** The Kafka version the project is built and tested against. */
final class KafkaVersion {
    static final String VERSION = "4.3.1";

    private KafkaVersion() {
    }
}
