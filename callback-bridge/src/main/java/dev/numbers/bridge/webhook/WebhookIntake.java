package dev.numbers.bridge.webhook;

import dev.numbers.bridge.ingest.RawWebhookSink;
import dev.numbers.bridge.ingest.SinkUnavailable;
import dev.numbers.bridge.webhook.signalwire.SignalWireSignatureVerifier;
import dev.numbers.bridge.webhook.signalwire.TenDlcCallbackParser;
import dev.numbers.bridge.webhook.telnyx.TelnyxEventParser;
import dev.numbers.bridge.webhook.telnyx.TelnyxSignatureVerifier;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook's way in: size and media type, signature, parse with every field range-checked, then the Kafka write
 * that must succeed before any 2xx. Each refusal is counted by reason ({@code bridge.webhooks.rejected}).
 *
 * <p>{@code @Context} so that a missing or malformed key fails start-up instead of the first webhook.
 */
@Context
public final class WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    /** What the controller answers. */
    public sealed interface Outcome {
        record Accepted(String objectId) implements Outcome {
        }

        record Refused(int status, String message) implements Outcome {
        }

        record Unavailable(String message) implements Outcome {
        }
    }

    private final BodyChecks bodyChecks;
    private final Optional<SignalWireSignatureVerifier> signalwire;
    private final Optional<TelnyxSignatureVerifier> telnyx;
    private final TenDlcCallbackParser tenDlcParser;
    private final TelnyxEventParser telnyxParser;
    private final RawWebhookSink sink;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final String publicBaseUrl;
    // one lookup per webhook instead of building and sorting a tag set for the registry
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public WebhookIntake(final WebhookConfig config, final IntakeLimits limits, final RawWebhookSink sink,
            final MeterRegistry meters) {
        this.bodyChecks = new BodyChecks(config.maxBodyBytes());
        this.sink = sink;
        this.meters = meters;
        this.publicBaseUrl = config.publicBaseUrl().replaceAll("/+$", "");
        final var json = VirtualThreadJson.MAPPER;
        final var rules = new FieldRules(limits, clock);
        this.tenDlcParser = new TenDlcCallbackParser(json, rules);
        this.telnyxParser = new TelnyxEventParser(json, rules);
        this.signalwire = Optional.ofNullable(config.signalwireSigningKey()).filter(k -> !k.isBlank())
                .map(k -> new SignalWireSignatureVerifier(k, config.allowUnsigned()));
        this.telnyx = Optional.ofNullable(config.telnyxPublicKey()).filter(k -> !k.isBlank())
                .map(k -> new TelnyxSignatureVerifier(k, config.replayWindow(), clock));
        if (signalwire.isEmpty() && !config.allowUnsigned()) {
            throw new IllegalStateException("bridge.webhooks.signalwire-signing-key is not set "
                    + "(set BRIDGE_WEBHOOKS_SIGNALWIRE_SIGNING_KEY, or allow unsigned callbacks explicitly)");
        }
        if (telnyx.isEmpty()) {
            LOG.warn("bridge.webhooks.telnyx-public-key is not set: Telnyx webhooks will be refused with 401");
        }
    }

    public Outcome signalwire(final String pathAndQuery, final byte[] body, final Map<String, String> headers) {
        final var url = publicBaseUrl + pathAndQuery;
        try {
            bodyChecks.check(body, headers);
            final var signature = headers.get("x-signalwire-signature");
            final boolean verified = signalwire
                    .map(v -> v.verify(url, body, signature))
                    .orElse(false);
            final var callback = tenDlcParser.parse(body);
            return write(Provider.SIGNALWIRE, callback.eventType(), callback.objectId(), url, body, headers, verified);
        } catch (WebhookRejected e) {
            return refused(Provider.SIGNALWIRE, e);
        }
    }

    public Outcome telnyx(final String pathAndQuery, final byte[] body, final Map<String, String> headers) {
        final var url = publicBaseUrl + pathAndQuery;
        try {
            bodyChecks.check(body, headers);
            final var verifier = telnyx.orElseThrow(
                    () -> WebhookRejected.unauthorized("no Telnyx public key is configured"));
            verifier.verify(body, headers.get("telnyx-signature-ed25519"), headers.get("telnyx-timestamp"));
            final var event = telnyxParser.parse(body);
            return write(Provider.TELNYX, event.eventType(), event.orderId(), url, body, headers, true);
        } catch (WebhookRejected e) {
            return refused(Provider.TELNYX, e);
        }
    }

    private Outcome write(final Provider provider, final String eventType, final String objectId, final String url,
            final byte[] body, final Map<String, String> headers, final boolean verified) {
        final var record = RawWebhook.newBuilder()
                .setProvider(provider)
                .setObjectId(objectId)
                .setUrl(url)
                .setReceivedAt(clock.instant())
                .setHeaders(Map.copyOf(headers))
                .setBody(new String(body, StandardCharsets.UTF_8))
                .setSignatureVerified(verified)
                .build();
        try {
            sink.write(objectId, record);
            count(provider, eventType, "accepted");
            return new Outcome.Accepted(objectId);
        } catch (SinkUnavailable e) {
            count(provider, eventType, "unavailable");
            LOG.warn("{} webhook {} for {} not acknowledged by Kafka, answering 503: {}", provider, eventType,
                    objectId, e.getMessage());
            return new Outcome.Unavailable("the webhook could not be stored; retry later");
        }
    }

    private Outcome refused(final Provider provider, final WebhookRejected e) {
        if (e.status() == 401) {
            meters.counter("bridge.webhooks.signature.failures", "provider", provider.name()).increment();
        }
        count(provider, "unknown", "refused_" + e.status());
        counters.computeIfAbsent(provider.name() + "|rejected|" + e.reason(), k -> meters.counter(
                "bridge.webhooks.rejected", "provider", provider.name(), "reason", e.reason().tag())).increment();
        LOG.info("{} webhook refused with {}: {}", provider, e.status(), e.getMessage());
        return new Outcome.Refused(e.status(), e.getMessage());
    }

    private void count(final Provider provider, final String eventType, final String outcome) {
        counters.computeIfAbsent(provider.name() + '|' + eventType + '|' + outcome, k -> meters.counter("bridge.webhooks",
                "provider", provider.name(), "event_type", eventType, "outcome", outcome)).increment();
    }
}
