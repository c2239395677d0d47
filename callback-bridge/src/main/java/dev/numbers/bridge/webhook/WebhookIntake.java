package dev.numbers.bridge.webhook;

import dev.numbers.bridge.ingest.RawWebhookSink;
import dev.numbers.bridge.ingest.SinkUnavailable;
import dev.numbers.bridge.webhook.signalwire.SignalWireAccountConfig;
import dev.numbers.bridge.webhook.signalwire.SignalWireAccounts;
import dev.numbers.bridge.webhook.signalwire.TenDlcCallbackParser;
import dev.numbers.bridge.webhook.telnyx.TelnyxAccountConfig;
import dev.numbers.bridge.webhook.telnyx.TelnyxAccounts;
import dev.numbers.bridge.webhook.telnyx.TelnyxEventParser;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook's way in: size and media type, the account and its signature, parse with every field range-checked,
 * then the Kafka write that must succeed before any 2xx. Each refusal is counted by reason
 * ({@code bridge.webhooks.rejected}), each verified webhook by account ({@code bridge.webhooks.verified}).
 *
 * <p>{@code @Context} so that a missing or malformed key fails start-up instead of the first webhook.
 */
@Context
public final class WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);
    /**
     * The metric tag of every event type outside the closed set the parsers know: an event type is the sender's text,
     * and as a tag or map key it would let any caller grow the registry without bound.
     */
    static final String OTHER_EVENT = "other";

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
    private final SignalWireAccounts signalwire;
    private final TelnyxAccounts telnyx;
    private final TenDlcCallbackParser tenDlcParser;
    private final TelnyxEventParser telnyxParser;
    private final RawWebhookSink sink;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final String publicBaseUrl;
    // one lookup per webhook instead of building and sorting a tag set for the registry
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Counter> verifiedSignalWire = new ConcurrentHashMap<>();
    private final Map<String, Counter> verifiedTelnyx = new ConcurrentHashMap<>();

    public WebhookIntake(final WebhookConfig config, final IntakeLimits limits, final RawWebhookSink sink,
            final MeterRegistry meters, final List<SignalWireAccountConfig> signalwireAccounts,
            final List<TelnyxAccountConfig> telnyxAccounts) {
        this.bodyChecks = new BodyChecks(config.maxBodyBytes());
        this.sink = sink;
        this.meters = meters;
        this.publicBaseUrl = config.publicBaseUrl().replaceAll("/+$", "");
        final var json = VirtualThreadJson.MAPPER;
        final var rules = new FieldRules(limits, clock);
        this.tenDlcParser = new TenDlcCallbackParser(json, rules);
        this.telnyxParser = new TelnyxEventParser(json, rules);
        this.signalwire = new SignalWireAccounts(signalwireAccounts, config.signalwireSigningKey(),
                config.allowUnsigned(), meters);
        this.telnyx = new TelnyxAccounts(telnyxAccounts, config.telnyxPublicKey(), config.replayWindow(), clock,
                meters);
        if (telnyx.isEmpty()) {
            LOG.warn("no Telnyx public key is configured: Telnyx webhooks will be refused with 401");
        }
    }

    public Outcome signalwire(final String pathAndQuery, final byte[] body, final Map<String, String> headers) {
        final var url = publicBaseUrl + pathAndQuery;
        try {
            bodyChecks.check(body, headers);
            final var account = signalwire.of(body);
            final boolean verified = account.verify(url, body, headers.get("x-signalwire-signature"));
            countVerified(Provider.SIGNALWIRE, account.name());
            final var callback = tenDlcParser.parse(body);
            return write(Provider.SIGNALWIRE, callback.knownEventType() ? callback.eventType() : OTHER_EVENT,
                    callback.objectId(), url, body, headers, verified);
        } catch (WebhookRejected e) {
            return refused(Provider.SIGNALWIRE, e);
        }
    }

    public Outcome telnyx(final String pathAndQuery, final byte[] body, final Map<String, String> headers) {
        final var url = publicBaseUrl + pathAndQuery;
        try {
            bodyChecks.check(body, headers);
            countVerified(Provider.TELNYX, telnyx.verify(body, headers.get("telnyx-signature-ed25519"),
                    headers.get("telnyx-timestamp")));
            final var event = telnyxParser.parse(body);
            return write(Provider.TELNYX, event.knownEventType() ? event.eventType() : OTHER_EVENT, event.orderId(),
                    url, body, headers, true);
        } catch (WebhookRejected e) {
            return refused(Provider.TELNYX, e);
        }
    }

    /** {@code eventType} is a known event type or {@link #OTHER_EVENT}, never the body's text. */
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

    /** Per account, after the signature check (or the allowed unsigned pass) and before parsing. */
    private void countVerified(final Provider provider, final String account) {
        // keyed by the account name alone (one map per provider): no key string is built per webhook
        (provider == Provider.TELNYX ? verifiedTelnyx : verifiedSignalWire).computeIfAbsent(account,
                k -> meters.counter("bridge.webhooks.verified", "provider", provider.name(), "account", account))
                .increment();
    }

    private void count(final Provider provider, final String eventType, final String outcome) {
        counters.computeIfAbsent(provider.name() + '|' + eventType + '|' + outcome,
                k -> meters.counter("bridge.webhooks",
                "provider", provider.name(), "event_type", eventType, "outcome", outcome)).increment();
    }
}
