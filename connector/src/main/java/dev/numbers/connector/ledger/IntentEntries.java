package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns intent records read from the topic into ledger entries. */
final class IntentEntries {

    private static final Logger LOG = LoggerFactory.getLogger(IntentEntries.class);

    private final Deserializer<Intent> deserializer;

    IntentEntries(final Deserializer<Intent> deserializer) {
        this.deserializer = deserializer;
    }

    /**
     * One intent record as read: the entry it makes for its request_id (empty for a tombstone) and the intent itself
     * (null for a tombstone or an unreadable record), which the claim board reads.
     */
    record Read(Optional<LedgerEntry> entry, Intent intent) {
    }

    /** What one intent record says about its request_id; empty for a tombstone. */
    Optional<LedgerEntry> of(final String id, final ConsumerRecord<byte[], byte[]> record) {
        return read(id, record).entry();
    }

    Read read(final String id, final ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return new Read(Optional.empty(), null);
        }
        final Intent intent;
        try {
            intent = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RegistryUnavailableException away) {
            // Not the record's fault, and it may be a COMPLETED: read as "may have run" it would be stored so for good
            // (the checkpoint moves past it, and a STARTED never expires). The reader holds its partition instead.
            throw away;
        } catch (RuntimeException unreadable) {
            // Unknown is treated as "may have run": the worst case is one lookup too many, never a second purchase.
            LOG.error("intent {}@{} for request {} cannot be read ({}); treating the request as possibly started",
                    record.partition(), record.offset(), id, unreadable.toString());
            return new Read(Optional.of(new LedgerEntry.Started(0, Instant.ofEpochMilli(record.timestamp()))), null);
        }
        return new Read(Optional.of(switch (intent.getState()) {
            case STARTED -> new LedgerEntry.Started(intent.getAttempt(), intent.getUpdatedAt(),
                    intent.getCandidate() == null ? null : intent.getCandidate().toString());
            // Interned: millions of entries name the same few request topics.
            case COMPLETED -> new LedgerEntry.Completed(intent.getAttempt(),
                    Optional.ofNullable(intent.getSource()).map(s -> new RecordRef(s.getTopic().toString().intern(),
                            s.getPartition(), s.getOffset())),
                    new LedgerEntry.StoredResult.InTopic(record.partition(), record.offset()),
                    intent.getRequest().getRequestedAt());
        }), intent);
    }
}
