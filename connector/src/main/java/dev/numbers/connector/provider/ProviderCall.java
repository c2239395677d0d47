package dev.numbers.connector.provider;

import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.PriorAttempts;

/**
 * One operation to perform for one request. {@code requestId} is the default Telnyx customer_reference, by which an
 * ambiguous order is found again; {@code prior} is what the ledger knows of earlier runs; {@code claim} is checked
 * before every post and records the number a search is about to buy.
 */
public record ProviderCall(Operation operation, String requestId, PriorAttempts prior, CallClaim claim) {
}
