package dev.numbers.bridge.orderstate;

/**
 * The request that created an order, as the connector's result named it: its request_id and the W3C
 * {@code traceparent} of the result record (null when the result carried none). Stored as JSON per order id.
 */
public record OrderRequest(String requestId, String traceparent) {
}
