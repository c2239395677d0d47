package dev.numbers.connector.quota;

import dev.numbers.schemas.serde.SerdeConfig;
import java.util.Map;

/**
 * Where quotas are counted: the topic, the Kafka settings every client starts from, this instance, the registry, and
 * the transactional.id prefix (connector.kafka.transactional-id-prefix, so prefix ACLs cover the quota producer too).
 */
public record QuotaSettings(String topic, Map<String, Object> kafka, String instanceId, SerdeConfig serde,
                            String transactionalIdPrefix) {
}
