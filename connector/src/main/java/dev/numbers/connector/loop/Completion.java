package dev.numbers.connector.loop;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** A finished record: what to publish for it (a result or a DLQ copy) and which offset it frees. */
record Completion(TopicPartition partition, long offset, ProducerRecord<byte[], byte[]> output) {
}
