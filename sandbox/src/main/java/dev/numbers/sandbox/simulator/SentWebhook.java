package dev.numbers.sandbox.simulator;

/**
 * One webhook delivery attempt.
 *
 * @param status HTTP status the receiver answered, or -1 when it could not be reached
 */
public record SentWebhook(String provider, String url, String eventType, String body, int attempt, int status) {
}
