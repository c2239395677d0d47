package dev.numbers.bridge.corpus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Sends callbacks to one bridge the way the providers do (or pretend to): signed, unsigned, badly signed. */
final class HostileCallbacks {

    static final String SIGNING_KEY = "corpus-signing-key";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final KeyPair telnyxKeys;

    HostileCallbacks(final String baseUrl, final KeyPair telnyxKeys) {
        this.baseUrl = baseUrl;
        this.telnyxKeys = telnyxKeys;
    }

    /** A well-formed 10DLC order callback: the "good one" sent behind every hostile input. */
    static String orderProcessed(final String orderId, final Instant at) {
        return """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment_order",
                 "event_type":"number_assignment_order_processed","state":"processed","brand_id":"b-1",
                 "campaign_id":"c-1","number_assignment_order_id":"%s"}""".formatted(at, orderId);
    }

    /** A number assignment callback with one field replaced by {@code field: rawJsonValue}. */
    static String assignmentWith(final String orderId, final String field, final String rawJsonValue) {
        final var body = """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment",
                 "event_type":"number_assignment_activated","state":"completed","brand_id":"b-1","campaign_id":"c-1",
                 "number_assignment_order_id":"%s","number_assignment_id":"a-1","phone_number_id":"pn-1",
                 "phone_number":"+15551230001"}""".formatted(Instant.now(), orderId);
        final var marker = "\"" + field + "\":";
        final var start = body.indexOf(marker);
        if (start < 0) {
            return body.replace("{", "{" + marker + rawJsonValue + ",");
        }
        final var valueStart = start + marker.length();
        final var valueEnd = body.indexOf(body.charAt(valueStart) == '"' ? '"' : ',', valueStart + 1) + 1;
        return body.substring(0, valueStart) + rawJsonValue + body.substring(valueEnd);
    }

    /** The same callback without {@code field}. */
    static String assignmentWithout(final String orderId, final String field) {
        return assignmentWith(orderId, field, "null").replace("\"" + field + "\":null,", "");
    }

    static String telnyxEvent(final String orderId, final String occurredAt, final String status) {
        return """
                {"data":{"id":"e-%s","event_type":"number_order.complete","occurred_at":"%s","record_type":"event",
                 "payload":{"id":"%s","status":%s}}}""".formatted(orderId, occurredAt, orderId, status);
    }

    HttpResponse<String> signalwire(final byte[] body, final String contentType, final Signing signing)
            throws Exception {
        final var url = baseUrl + "/webhooks/signalwire/10dlc";
        final var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        switch (signing) {
            case SIGNED -> request.header("X-SignalWire-Signature", hmac(url, body));
            case WRONG_SIGNATURE -> request.header("X-SignalWire-Signature", hmac(url + "/other", body));
            case NOT_HEX -> request.header("X-SignalWire-Signature", "zz-not-hex");
            case UNSIGNED -> { }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> signalwire(final String body) throws Exception {
        return signalwire(body.getBytes(StandardCharsets.UTF_8), "application/json", Signing.SIGNED);
    }

    HttpResponse<String> telnyx(final String body, final long timestamp, final boolean signed) throws Exception {
        final var bytes = body.getBytes(StandardCharsets.UTF_8);
        final var request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/telnyx"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("telnyx-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (signed) {
            final var signer = Signature.getInstance("Ed25519");
            signer.initSign(telnyxKeys.getPrivate());
            signer.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            signer.update(bytes);
            request.header("telnyx-signature-ed25519", Base64.getEncoder().encodeToString(signer.sign()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    enum Signing {
        SIGNED, UNSIGNED, WRONG_SIGNATURE, NOT_HEX
    }

    private static String hmac(final String url, final byte[] body) throws Exception {
        final var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(url.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
