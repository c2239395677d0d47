package dev.numbers.bridge.orderstate;

import dev.numbers.bridge.kafka.KafkaConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The order-state topology's Kafka Streams properties, from the bridge's Kafka settings and its own. */
final class StreamsProperties {

    private StreamsProperties() {
    }

    static Properties of(final OrderStateConfig config, final KafkaConfig kafka) throws IOException {
        final var props = new Properties();
        // the clients' security settings (SASL, TLS) apply to Streams' clients too; Streams' own tuning comes after
        props.putAll(kafka.client());
        // Batched fetches: with Kafka's defaults (1 byte, 500 ms) the broker answers a fetch as soon as one record is
        // there, so the Streams thread polls, processes and commits-checks once per record or two and the broker
        // serves a fetch per poll; the bridge benchmark measured that as most of the Streams thread's CPU per webhook
        // (docs/bridge.md#benchmark). Set before the passthrough, which may still override it.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                String.valueOf(config.fetchMaxWait().toMillis()));
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG),
                String.valueOf(config.fetchMinBytes()));
        props.putAll(config.passthrough());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(config.commitInterval().toMillis()));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(config.replicationFactor()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir() != null ? config.stateDir()
                : Files.createTempDirectory("bridge-streams").toString());
        if (config.advertisedUrl() != null) {
            final var self = URI.create(config.advertisedUrl());
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.getHost() + ":" + self.getPort());
        }
        return props;
    }
}
