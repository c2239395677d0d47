package dev.numbers.connector.quota;

import dev.numbers.schemas.serde.SerdeConfig;
import java.util.Map;

/** Where quotas are counted: the topic, the Kafka settings every client starts from, this instance, the registry. */
public record QuotaSettings(String topic, Map<String, Object> kafka, String instanceId, SerdeConfig serde) {
}
