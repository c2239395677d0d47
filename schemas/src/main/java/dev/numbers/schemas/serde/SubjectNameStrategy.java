package dev.numbers.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** How a registry subject is named for a record, with the same names and results as Confluent's strategies. */
public enum SubjectNameStrategy {

    /** {@code <topic>-value} / {@code <topic>-key}: one schema per topic (the default). */
    TOPIC_NAME {
        @Override
        public String subject(final String topic, final boolean isKey, final Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name, e.g. {@code dev.numbers.schemas.avro.NumberRequest}: one schema across topics. */
    RECORD_NAME {
        @Override
        public String subject(final String topic, final boolean isKey, final Schema schema) {
            return schema.getFullName();
        }
    },
    /** {@code <topic>-<record full name>}: several record types on one topic. */
    TOPIC_RECORD_NAME {
        @Override
        public String subject(final String topic, final boolean isKey, final Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    public abstract String subject(String topic, boolean isKey, Schema schema);

    /**
     * Accepts Confluent's class names ({@code io.confluent.kafka.serializers.subject.RecordNameStrategy}), their simple
     * names, or this enum's constants, so existing client configuration works unchanged.
     */
    public static SubjectNameStrategy parse(final String key, final String value) {
        final var simple = value.substring(value.lastIndexOf('.') + 1).trim();
        return switch (simple.toLowerCase(Locale.ROOT).replace("_", "")) {
            case "topicnamestrategy", "topicname" -> TOPIC_NAME;
            case "recordnamestrategy", "recordname" -> RECORD_NAME;
            case "topicrecordnamestrategy", "topicrecordname" -> TOPIC_RECORD_NAME;
            default -> throw new ConfigException(key, value,
                    "expected TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }
}
