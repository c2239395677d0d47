package dev.numbers.connector.ledger;

import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentSource;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the ledger writes to the intents topic: STARTED and COMPLETED intents, stamped now, as traced records keyed by
 * request_id. Serializing throws when the registry is down; the caller retries.
 */
final class IntentRecords {

    private final String topic;
    private final Serializer<Intent> serializer;
    private final Clock clock;

    IntentRecords(final String topic, final Serializer<Intent> serializer, final Clock clock) {
        this.topic = topic;
        this.serializer = serializer;
        this.clock = clock;
    }

    /** The STARTED intent of a claim ({@code claimant}, {@code leaseUntil}) or of a search's {@code candidate}. */
    Intent started(final NumberRequest request, final int attempt, final String claimant, final Instant leaseUntil,
                   final String candidate) {
        return Intent.newBuilder()
                .setRequestId(request.getRequestId())
                .setState(IntentState.STARTED)
                .setRequest(request)
                .setUpdatedAt(clock.instant())
                .setResult(null)
                .setAttempt(attempt)
                .setSource(null)
                .setClaimant(claimant)
                .setLeaseUntil(leaseUntil)
                .setCandidate(candidate)
                .build();
    }

    /** The COMPLETED intent of a request answered by {@code result}, read from {@code source}. */
    Intent completed(final NumberRequest request, final NumberResult result, final int attempt,
                     final RecordRef source) {
        return Intent.newBuilder()
                .setRequestId(request.getRequestId())
                .setState(IntentState.COMPLETED)
                .setRequest(withoutNumberLists(request))
                .setUpdatedAt(clock.instant())
                .setResult(result)
                .setAttempt(attempt)
                .setSource(IntentSource.newBuilder().setTopic(source.topic()).setPartition(source.partition())
                        .setOffset(source.offset()).build())
                .build();
    }

    ProducerRecord<byte[], byte[]> record(final Intent intent) {
        return RequestTracing.traced(new ProducerRecord<>(topic, key(intent.getRequestId().toString()),
                serializer.serialize(topic, intent)));
    }

    static byte[] key(final String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The request as a COMPLETED intent keeps it: without its phone-number lists. Nothing reads them back (the
     * stored result answers duplicates), and keeping them would store a large order twice next to its result.
     */
    private static NumberRequest withoutNumberLists(final NumberRequest request) {
        final Object slim = switch (request.getOperation()) {
            case SignalWireCreateAssignmentOrder o ->
                    SignalWireCreateAssignmentOrder.newBuilder(o).setPhoneNumbers(List.of()).build();
            case TelnyxCreateNumberOrder t -> TelnyxCreateNumberOrder.newBuilder(t).setPhoneNumbers(List.of()).build();
            case null, default -> request.getOperation();
        };
        return slim == request.getOperation() ? request
                : NumberRequest.newBuilder(request).setOperation(slim).build();
    }
}
