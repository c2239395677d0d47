package dev.numbers.connector.bench;

import dev.numbers.harness.KafkaBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Fresh topics and consumer group for one run, so runs never see each other's records or offsets. */
record BenchTopics(String requests, String results, String dlq, String intents, String group) {

    static final int PARTITIONS = 6;

    static BenchTopics create(final KafkaBroker broker, final String run) {
        final var suffix = run + "." + UUID.randomUUID().toString().substring(0, 8);
        final var topics = new BenchTopics("bench.requests." + suffix, "bench.results." + suffix,
                "bench.dlq." + suffix, "bench.intents." + suffix, "bench-" + suffix);
        broker.createTopic(topics.requests, PARTITIONS);
        broker.createTopic(topics.results, PARTITIONS);
        broker.createTopic(topics.dlq, 1);
        broker.createCompactedTopic(topics.intents, PARTITIONS);
        return topics;
    }

    /** connector.* settings naming these topics, the broker and the registry. */
    Map<String, Object> connectorSettings(final String bootstrap, final String registryUrl) {
        final var settings = new HashMap<String, Object>();
        settings.put("connector.bridge-callback-url", "http://bridge.invalid/callbacks/signalwire");
        settings.put("connector.topics.requests", requests);
        settings.put("connector.topics.results", results);
        settings.put("connector.topics.dlq", dlq);
        settings.put("connector.topics.intents", intents);
        settings.put("connector.topics.group-id", group);
        settings.put("connector.kafka.bootstrap-servers", bootstrap);
        settings.put("connector.kafka.transactional-id-prefix", group);
        settings.put("connector.instance-id", group);
        settings.put("connector.registry.url", registryUrl);
        return settings;
    }
}
