package dev.numbers.sandbox.simulator;

/**
 * Faults injected into one endpoint. Applied in this order: error (rate), latency, then either a held response
 * (timeout) or an ambiguous failure (operation performed, connection dropped without a response byte).
 *
 * @param latencyMs     fixed delay before the response
 * @param errorRate     probability in [0,1] of answering {@code errorStatus} without performing the operation
 * @param errorStatus   500 or 503
 * @param timeoutMs     hold the (real) response this long, so clients with a shorter timeout give up
 * @param ambiguousRate probability in [0,1] of performing the operation and then dropping the connection
 * @param jitterMs      extra latency drawn uniformly from [0, jitterMs] on top of {@code latencyMs}
 */
public record EndpointFault(long latencyMs, double errorRate, int errorStatus, long timeoutMs, double ambiguousRate,
                            long jitterMs) {

    public static final EndpointFault NONE = new EndpointFault(0, 0, 500, 0, 0);

    public EndpointFault(long latencyMs, double errorRate, int errorStatus, long timeoutMs, double ambiguousRate) {
        this(latencyMs, errorRate, errorStatus, timeoutMs, ambiguousRate, 0);
    }

    public EndpointFault {
        if (errorRate < 0 || errorRate > 1 || ambiguousRate < 0 || ambiguousRate > 1) {
            throw new IllegalArgumentException("rates must be within [0,1]");
        }
        if (latencyMs < 0 || jitterMs < 0 || timeoutMs < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (errorStatus == 0) {
            errorStatus = 500;
        }
        if (errorStatus != 500 && errorStatus != 503) {
            throw new IllegalArgumentException("errorStatus must be 500 or 503");
        }
    }

    public static EndpointFault latency(long ms) {
        return new EndpointFault(ms, 0, 500, 0, 0);
    }

    /** Latency uniformly distributed in [minMs, minMs + jitterMs]. */
    public static EndpointFault latency(long minMs, long jitterMs) {
        return new EndpointFault(minMs, 0, 500, 0, 0, jitterMs);
    }

    public static EndpointFault errors(double rate, int status) {
        return new EndpointFault(0, rate, status, 0, 0);
    }

    public static EndpointFault timeout(long holdMs) {
        return new EndpointFault(0, 0, 500, holdMs, 0);
    }

    public static EndpointFault ambiguous(double rate) {
        return new EndpointFault(0, 0, 500, 0, rate);
    }
}
