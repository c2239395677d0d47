package dev.numbers.schemas.topics;

import org.apache.avro.specific.SpecificRecord;

/** What a topic's record values are: one generated Avro class in Confluent framing, or bytes kept as they came. */
public sealed interface TopicValue {

    /** Values of one generated class; the registry subject is {@code <topic>-value} (TopicNameStrategy). */
    record Avro(Class<? extends SpecificRecord> type) implements TopicValue {
    }

    /** A dead-letter copy: the original bytes, whatever they were, with {@code numbers.error.*} headers. */
    record Bytes() implements TopicValue {
    }
}
