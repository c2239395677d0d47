package dev.numbers.connector.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The intent ledger (prefix {@code connector.ledger}).
 *
 * <p>How the intents topic is created when it does not exist: an existing topic is used as it is, but must be
 * compacted. {@code replicationFactor} -1 takes the broker's default.
 *
 * <p>Where entries live: {@code store} {@code rocksdb} (default) keeps them on disk under {@code stateDir}
 * (unset: {@code <java.io.tmpdir>/numbers-connector/<instance-id>}), so heap does not grow with history and a
 * restart reads only the intents written after its checkpoint; {@code memory} keeps them in heap and reads the whole
 * topic at every start.
 *
 * <p>The dedupe window: a request whose requested_at is older than {@code dedupeWindow} less {@code clockMargin}
 * is rejected {@code stale_request} unless the ledger still knows it; a completed entry whose requested_at is older
 * than {@code dedupeWindow} is tombstoned (checked every {@code expiryInterval}). The margin keeps an entry a while
 * after its requests are refused, so instances whose clocks differ by less than it never execute an expired id.
 *
 * @param partitions partitions of the intents topic when the connector creates it
 * @param replicationFactor its replication factor; -1: the broker's default
 * @param store where ledger entries live: {@code rocksdb} on disk under {@code stateDir}, or {@code memory} (tests)
 * @param stateDir the RocksDB directory (a volume in production); unset: {@code
 *                 <java.io.tmpdir>/numbers-connector/<instance-id>}
 * @param dedupeWindow how long a completed request_id is remembered; older unknown requests are rejected {@code
 *                     stale_request}
 * @param clockMargin how much earlier than the window requests are refused, so instances with differing clocks agree
 * @param expiryInterval how often entries past the window are tombstoned
 */
@Context
@ConfigurationProperties("connector.ledger")
public record LedgerConfig(
        @Bindable(defaultValue = "6") @Min(1) int partitions,
        @Bindable(defaultValue = "-1") @Min(-1) short replicationFactor,
        @Bindable(defaultValue = "rocksdb") @NotNull Store store,
        @Nullable Path stateDir,
        @Bindable(defaultValue = "7d") @NotNull Duration dedupeWindow,
        @Bindable(defaultValue = "10m") @NotNull Duration clockMargin,
        @Bindable(defaultValue = "10m") @NotNull Duration expiryInterval) {

    public LedgerConfig {
        if (!clockMargin.isNegative() && clockMargin.compareTo(dedupeWindow) >= 0) {
            throw new IllegalArgumentException("connector.ledger.clock-margin (" + clockMargin
                    + ") must be shorter than connector.ledger.dedupe-window (" + dedupeWindow + ")");
        }
        if (clockMargin.isNegative() || expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("connector.ledger.clock-margin must not be negative and"
                    + " connector.ledger.expiry-interval must be positive");
        }
    }

    /** The defaults, for tests and tools that build a ledger without Micronaut. */
    public static LedgerConfig defaults() {
        return new LedgerConfig(6, (short) -1, Store.ROCKSDB, null, Duration.ofDays(7), Duration.ofMinutes(10),
                Duration.ofMinutes(10));
    }

    /** Where this instance's store lives. */
    public Path stateDir(final String instanceId) {
        return stateDir != null ? stateDir
                : Path.of(System.getProperty("java.io.tmpdir"), "numbers-connector", instanceId);
    }

    public enum Store { ROCKSDB, MEMORY }
}
