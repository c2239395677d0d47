package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Behaviour of the request loop (prefix {@code connector}). {@code bridgeCallbackUrl} is sent as
 * status_callback_url on assignment orders that do not name one, so 10DLC callbacks reach the bridge.
 * {@code maxInFlight} is an optional cap on requests in flight; unset, the limit adapts on its own up to what the heap
 * holds ({@link dev.numbers.connector.concurrency.ConcurrencyConfig}).
 *
 * <p>{@code instanceId} names this instance for good: it ends the transactional.id (so a restarted instance fences
 * and aborts what its crashed predecessor left open, instead of blocking read_committed readers until the
 * transaction times out) and is the static group.instance.id (so a restarted instance takes its partitions back at
 * once instead of after the session timeout). Two running instances must never share it; unset, the host name is
 * used, which is unique per pod in Kubernetes.
 *
 * @param bridgeCallbackUrl status_callback_url sent with assignment orders that name none, so 10DLC callbacks reach
 *                          the bridge
 * @param maxInFlight optional cap on requests in flight; unset, the limit adapts up to what the heap holds
 * @param instanceId this instance's stable name (transactional.id, static group.instance.id); unique per running
 *                   instance; unset: the host name
 * @param drainGrace how long a graceful stop (SIGTERM) waits for running requests to finish and be committed; what
 *                   still runs after it is redelivered and met by its claim after the restart. Closing the clients
 *                   takes up to about 15 s more, so the pod's termination grace should exceed this by that much
 */
@Context
@ConfigurationProperties("connector")
public record ConnectorConfig(
        @NotBlank String bridgeCallbackUrl,
        @Nullable @Min(1) @Max(100_000) Integer maxInFlight,
        @Nullable
        @Pattern(regexp = "[A-Za-z0-9._-]{1,200}",
                message = "must be 1-200 letters, digits, '.', '_' or '-'") String instanceId,
        @Bindable(defaultValue = "20s") @Nullable Duration drainGrace) {

    public ConnectorConfig {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = hostName();
        }
        if (drainGrace == null) {
            drainGrace = Duration.ofSeconds(20);
        }
        if (drainGrace.isNegative() || drainGrace.isZero() || drainGrace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("connector.drain-grace must be positive and at most 10m, was "
                    + drainGrace);
        }
    }

    private static String hostName() {
        final var fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.replaceAll("[^A-Za-z0-9._-]", "-");
        }
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "numbers-connector";
        }
    }
}
