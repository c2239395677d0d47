package dev.numbers.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/** How a topic and a record schema map to a registry subject, as Confluent's strategies of the same names. */
public enum SubjectNameStrategy {
    /** {@code <topic>-value} (or {@code -key}): one schema lineage per topic. The project's default. */
    TOPIC,
    /** The record's full name, e.g. {@code dev.numbers.schemas.avro.NumberRequest}: one lineage per type. */
    RECORD;

    public String subject(final String topic, final Schema schema, final boolean isKey) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> schema.getFullName();
        };
    }

    /**
     * Accepts {@code TOPIC}/{@code RECORD} or Confluent's class names
     * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}, {@code ...RecordNameStrategy}) so
     * existing client configuration can be reused unchanged.
     */
    public static SubjectNameStrategy parse(final String value) {
        final var simple = value.substring(value.lastIndexOf('.') + 1).trim().toUpperCase(Locale.ROOT);
        return switch (simple) {
            case "TOPIC", "TOPICNAMESTRATEGY" -> TOPIC;
            case "RECORD", "RECORDNAMESTRATEGY" -> RECORD;
            default -> throw new IllegalArgumentException(
                    "unsupported subject name strategy '" + value + "': use TOPIC or RECORD");
        };
    }
}
