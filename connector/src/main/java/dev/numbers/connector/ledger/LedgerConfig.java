package dev.numbers.connector.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * How the intents topic is created when it does not exist (prefix {@code connector.ledger}); an existing topic is
 * used as it is, but must be compacted. {@code replicationFactor} -1 takes the broker's default.
 */
@io.micronaut.context.annotation.Context
@ConfigurationProperties("connector.ledger")
public record LedgerConfig(
        @Bindable(defaultValue = "6") @Min(1) int partitions,
        @Bindable(defaultValue = "-1") @Min(-1) short replicationFactor) {
}
