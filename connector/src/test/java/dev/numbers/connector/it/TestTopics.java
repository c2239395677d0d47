package dev.numbers.connector.it;

import dev.numbers.harness.KafkaBroker;
import java.util.UUID;

/**
 * One test's own topics and consumer group. The intents topic is only named: the connector creates it (compacted)
 * when it is missing, as it would in a fresh deployment.
 */
record TestTopics(String requests, String results, String dlq, String intents, String group) {

    static TestTopics create(final KafkaBroker broker, final String test) {
        final var suffix = test + "." + UUID.randomUUID().toString().substring(0, 8);
        final var topics = new TestTopics("it.requests." + suffix, "it.results." + suffix, "it.dlq." + suffix,
                "it.intents." + suffix, "it-" + suffix);
        broker.createTopic(topics.requests(), 4);
        broker.createTopic(topics.results(), 2);
        broker.createTopic(topics.dlq(), 1);
        return topics;
    }
}
