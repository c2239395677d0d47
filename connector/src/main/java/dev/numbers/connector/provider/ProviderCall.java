package dev.numbers.connector.provider;

import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.PriorAttempts;
import java.util.function.Predicate;

/**
 * One operation to perform for one request. {@code requestId} is the default Telnyx customer_reference, by which an
 * ambiguous order is found again; {@code prior} is what the ledger knows of earlier runs; {@code recordCandidate}
 * records (STARTED again) the number a search is about to buy, false when it could not (stopping).
 */
public record ProviderCall(Operation operation, String requestId, PriorAttempts prior,
                           Predicate<String> recordCandidate) {
}
