package dev.numbers.sandbox.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and POSTs webhooks, retrying non-2xx answers, and optionally duplicates or reorders deliveries the way real
 * providers sometimes do.
 */
final class WebhookDispatcher {

    /**
     * One logical webhook; the body depends on the attempt because Telnyx puts the attempt number in it. {@code
     * account}
     * picks the Telnyx key pair ({@link WebhookKeys}); SignalWire's key follows the body's {@code project_id}.
     */
    record Delivery(String provider, String url, String eventType, String account, IntFunction<byte[]> body) {

        Delivery(String provider, String url, String eventType, IntFunction<byte[]> body) {
            this(provider, url, eventType, WebhookKeys.DEFAULT, body);
        }
    }

    private final SimulatorConfig config;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final HttpClient client;
    private final WebhookKeys keys;
    private final List<SentWebhook> sent = new CopyOnWriteArrayList<>();
    private volatile boolean duplicate;
    private volatile boolean outOfOrder;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private Delivery held;

    WebhookDispatcher(SimulatorConfig config, ScheduledExecutorService scheduler, ExecutorService workers) {
        this.config = config;
        this.scheduler = scheduler;
        this.workers = workers;
        this.client = HttpClient.newBuilder().executor(workers).connectTimeout(Duration.ofSeconds(2)).build();
        this.keys = new WebhookKeys(config.webhookSigningKey());
    }

    /** Stops the client's selector thread; pending deliveries are dropped. */
    void close() {
        client.shutdownNow();
    }

    PublicKey telnyxPublicKey() {
        return keys.telnyxPair(WebhookKeys.DEFAULT).getPublic();
    }

    WebhookKeys keys() {
        return keys;
    }

    List<SentWebhook> sent() {
        return List.copyOf(sent);
    }

    void duplicate(boolean on) {
        duplicate = on;
    }

    void outOfOrder(boolean on) {
        outOfOrder = on;
    }

    void submit(Delivery delivery) {
        if (delivery.url() == null || delivery.url().isBlank()) {
            return;
        }
        if (!outOfOrder) {
            dispatch(delivery);
            return;
        }
        // Hold one delivery back and send it after the next one, so the receiver sees a later state first.
        final Delivery previous;
        synchronized (this) {
            previous = held;
            held = previous == null ? delivery : null;
        }
        if (previous == null) {
            scheduler.schedule(() -> flush(delivery), config.lifecycleStep().toMillis() * 3 + 50,
                    TimeUnit.MILLISECONDS);
        } else {
            dispatch(delivery);
            dispatch(previous);
        }
    }

    private void flush(Delivery delivery) {
        synchronized (this) {
            if (held != delivery) {
                return;
            }
            held = null;
        }
        dispatch(delivery);
    }

    // Deliveries to one URL go out one after the other, in the order they were produced (the life cycle produces them
    // in order on one thread); only the out-of-order switch reorders them. Retries do not hold the line.
    private void dispatch(Delivery delivery) {
        enqueue(delivery);
        if (duplicate) {
            enqueue(delivery);
        }
    }

    private void enqueue(Delivery delivery) {
        try {
            tails.compute(delivery.url(), (url, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null)
                    : tail)
                    .thenRunAsync(() -> firstAttempt(delivery), workers));
        } catch (RejectedExecutionException closing) {
            // The simulator is shutting down.
        }
    }

    private void firstAttempt(Delivery delivery) {
        try {
            attempt(delivery, 1);
        } catch (RuntimeException e) {
            // A malformed callback URL must not stall later deliveries to the same URL.
            sent.add(new SentWebhook(delivery.provider(), delivery.url(), delivery.eventType(), "", 1, -1));
        }
    }

    private void attempt(Delivery delivery, int attempt) {
        final byte[] body = delivery.body().apply(attempt);
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if ("telnyx".equals(delivery.provider())) {
            final String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            request.header("telnyx-timestamp", timestamp)
                    .header("telnyx-signature-ed25519", telnyxSignature(keys.telnyxPair(delivery.account()), timestamp,
                            body));
        } else {
            request.header("X-SignalWire-Signature", signalWireSignature(keys.signingKeyFor(body), delivery.url(),
                    body));
        }
        int status;
        try {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            status = -1;
        }
        sent.add(new SentWebhook(delivery.provider(), delivery.url(), delivery.eventType(),
                new String(body, StandardCharsets.UTF_8), attempt, status));
        if ((status < 200 || status > 299) && attempt < config.webhookAttempts()) {
            try {
                scheduler.schedule(() -> workers.execute(() -> attempt(delivery, attempt + 1)),
                        50L * attempt, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // The simulator is shutting down; the remaining attempts are dropped.
            }
        }
    }

    /** Lowercase hex HMAC-SHA1 of the full URL followed by the raw body. */
    static String signalWireSignature(String signingKey, String url, byte[] body) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    private static String telnyxSignature(KeyPair pair, String timestamp, byte[] body) {
        try {
            final Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
