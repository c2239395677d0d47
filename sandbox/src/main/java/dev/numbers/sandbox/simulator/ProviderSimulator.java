package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * SignalWire and Telnyx over real HTTP on 127.0.0.1, with injectable faults, order life cycles, signed webhooks and
 * an inspection handle. Start one per test class (it starts in milliseconds) and close it afterwards.
 *
 * <p>The tests' one handle on both providers: set-up, faults, inspection and life cycle. The HTTP front is
 * {@link SimulatorHttp}; each provider is one {@link ProviderApi} ({@link SignalWireApi}, {@link TelnyxApi}) over its
 * own store; {@link Store} is the market both sell from.
 */
public final class ProviderSimulator implements AutoCloseable {

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler;
    private final Store market = new Store();
    private final SignalWireStore signalWireStore = new SignalWireStore();
    private final TelnyxStore telnyxStore = new TelnyxStore();
    private final NumberConfigs signalWireConfigs = new NumberConfigs();
    private final NumberConfigs telnyxConfigs = new NumberConfigs();
    private final Faults faults = new Faults();
    private final WebhookDispatcher webhooks;
    private final TelnyxApi telnyx;
    private final List<ProviderApi> apis;
    private final SimulatorHttp http;
    private final Accounts accounts;

    private ProviderSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "provider-simulator-lifecycle");
            t.setDaemon(true);
            return t;
        });
        this.webhooks = new WebhookDispatcher(config, scheduler, workers);
        this.accounts = new Accounts(config);
        final ObjectMapper json = new ObjectMapper();
        final JsonBodies bodies = new JsonBodies(json);
        this.telnyx = new TelnyxApi(market, telnyxStore, bodies, config, scheduler, webhooks, accounts,
                telnyxConfigs);
        this.apis = List.of(new SignalWireApi(market, signalWireStore, bodies, config, scheduler, webhooks, accounts,
                signalWireConfigs), telnyx);
        this.http = new SimulatorHttp(config, apis, accounts, faults, new SimulatorAdmin(this, json), json);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 256);
        server.setExecutor(workers);
        server.createContext("/", http::serve);
        server.start();
    }

    public static ProviderSimulator start(SimulatorConfig config) {
        try {
            return new ProviderSimulator(config);
        } catch (IOException e) {
            throw new IllegalStateException("the provider simulator could not bind port " + config.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String signalWireBaseUrl() {
        return baseUrl() + SignalWireApi.BASE;
    }

    public String telnyxBaseUrl() {
        return baseUrl() + TelnyxApi.BASE;
    }

    public SimulatorConfig config() {
        return config;
    }

    // ---- set-up -------------------------------------------------------------------------------------------------

    /** Makes a 10DLC campaign known (with a generated brand id); orders for unknown campaigns get 404. */
    public ProviderSimulator registerCampaign(String campaignId) {
        signalWireStore.registerCampaign(campaignId);
        return this;
    }

    /** Purchasing this number is refused (SignalWire 422, Telnyx order ends in failure). */
    public ProviderSimulator markUnavailable(String number) {
        market.markUnavailable(number);
        return this;
    }

    /**
     * Telnyx's asynchronous failure: this number stays in search answers and an order for it is accepted
     * ({@code pending}), then completes with {@code failure} and the number is not sold.
     */
    public ProviderSimulator failTelnyxOrdersFor(String number) {
        telnyxStore.failOrdersFor(number);
        return this;
    }

    /** Area code {@code areaCode} offers {@code size} numbers for sale (50 unless set; 0 sells none). */
    public ProviderSimulator inventory(String areaCode, int size) {
        market.inventory(areaCode, size);
        return this;
    }

    /**
     * Availability race: the next search (either provider) answers normally, then its first {@code count} candidates
     * are sold to someone else before the caller can buy them.
     */
    public ProviderSimulator sellAfterNextSearch(int count) {
        market.sellAfterNextSearch(count);
        return this;
    }

    /** The next assignment of this number fails once, then goes back to pending and completes. */
    public ProviderSimulator failOnceNumber(String number) {
        signalWireStore.failOnce(number);
        return this;
    }

    public ProviderSimulator telnyxWebhookUrl(String url) {
        telnyx.webhookUrl(url);
        return this;
    }

    /**
     * The provider accounts (credentials, own rate limits, which account owns which number); change them
     * at any time.
     */
    public Accounts accounts() {
        return accounts;
    }

    /** The fault settings; change them at any time, they apply to the next request. */
    public Faults faults() {
        return faults;
    }

    /** Deliver every webhook twice. */
    public ProviderSimulator duplicateWebhooks(boolean on) {
        webhooks.duplicate(on);
        return this;
    }

    /** Hold each other webhook back and deliver it after the next one. */
    public ProviderSimulator outOfOrderWebhooks(boolean on) {
        webhooks.outOfOrder(on);
        return this;
    }

    /** The keys webhooks are signed with, per SignalWire project and Telnyx account; rotate them at any time. */
    public WebhookKeys webhookKeys() {
        return webhooks.keys();
    }

    /** Telnyx's Ed25519 webhook public key. */
    public PublicKey telnyxPublicKey() {
        return webhooks.telnyxPublicKey();
    }

    /** The Ed25519 public key as base64 X.509 (SubjectPublicKeyInfo) bytes. */
    public String telnyxPublicKeyBase64() {
        return Base64.getEncoder().encodeToString(telnyxPublicKey().getEncoded());
    }

    // ---- inspection ---------------------------------------------------------------------------------------------

    /** How many times this number was bought, across both providers. */
    public int purchaseCount(String number) {
        return market.purchaseCount(number);
    }

    /** Whether the SignalWire project or the Telnyx account owns this number now (bought and not released). */
    public boolean owns(String number) {
        return apis.stream().anyMatch(api -> api.store().owns(number));
    }

    /** The settings written to this number (SignalWire PUT, Telnyx PATCHes); empty when none were. */
    public Map<String, Object> settings(String number) {
        final Map<String, Object> settings = new TreeMap<>(signalWireConfigs.of(number));
        settings.putAll(telnyxConfigs.of(number));
        return settings;
    }

    /** Whether a Telnyx reservation holds this number now (not yet expired). */
    public boolean reserved(String number) {
        return telnyx.reservations().held(number);
    }

    /** How long a Telnyx reservation holds its numbers (Telnyx: 30 minutes); short in tests of expiry. */
    public ProviderSimulator reservationTtl(Duration ttl) {
        telnyx.reservations().ttl(ttl);
        return this;
    }

    /** How many configuration writes reached this number, both providers: a repeat that changed nothing has none. */
    public int configurationWrites(String number) {
        return signalWireConfigs.writes(number) + telnyxConfigs.writes(number);
    }

    public List<RecordedRequest> requests() {
        return http.requests();
    }

    public int requestCount() {
        return http.requestCount();
    }

    /** Current state of a SignalWire assignment order or Telnyx number order. */
    public Optional<String> order(String orderId) {
        return apis.stream().map(api -> api.store().orderState(orderId)).filter(Objects::nonNull).findFirst();
    }

    /** States of the SignalWire assignments of this number, oldest first. */
    public List<String> assignmentStates(String number) {
        return signalWireStore.assignmentStates(number);
    }

    /** Purchases per number, for {@code /_sim/inspect}. */
    Map<String, Object> purchases() {
        return market.purchases();
    }

    /** Every order's state by id, both providers, sorted by id. */
    Map<String, Object> orderStates() {
        final Map<String, Object> orders = new TreeMap<>();
        apis.forEach(api -> orders.putAll(api.store().orderStates()));
        return orders;
    }

    public List<SentWebhook> webhooksSent() {
        return webhooks.sent();
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        webhooks.close();
        workers.shutdownNow();
    }
}
