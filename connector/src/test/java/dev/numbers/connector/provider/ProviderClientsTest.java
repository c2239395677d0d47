package dev.numbers.connector.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.AccountLimiters;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.account.Secret;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.StubProvider.Answer;
import dev.numbers.connector.provider.signalwire.SignalWireClient;
import dev.numbers.connector.provider.telnyx.TelnyxClient;
import dev.numbers.connector.ratelimit.SharedRateLimits;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.AssignmentOrderList;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.assertj.core.groups.Tuple;

class ProviderClientsTest {

    private static final String CAMPAIGN = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private static final String TOKEN = "PTfake-token-never-logged";
    private static final String PHONE = """
            {"id":"0a1b2c3d-0000-4000-8000-000000000001","number":"+12025550123","name":null,
             "number_type":"longcode","country_code":"US","capabilities":["voice","sms"],
             "created_at":"2024-01-15T09:30:00Z","updated_at":"2024-01-15T09:30:00Z","next_billed_at":null}""";

    private static final PriorAttempts FIRST = PriorAttempts.none(Instant.now());
    private static final PriorAttempts CRASHED = new PriorAttempts(true, Instant.parse("2024-01-15T09:29:00Z"));
    private static final String NONE_OWNED = "{\"links\":{\"self\":\"a\",\"first\":\"a\"},\"data\":[]}";

    private final StubProvider stub = startStub();
    private static final AccountId SIGNALWIRE_ACCOUNT = new AccountId(Provider.SIGNALWIRE, "default");
    private static final AccountId TELNYX_ACCOUNT = new AccountId(Provider.TELNYX, "default");
    private final ProviderHealth health = new ProviderHealth(new SimpleMeterRegistry(),
            List.of(SIGNALWIRE_ACCOUNT, TELNYX_ACCOUNT));
    private final RetryConfig retry = new RetryConfig(3, Duration.ofMillis(10), 2.0, Duration.ofSeconds(2),
            Duration.ofSeconds(5));
    /** A post without a settling answer may be performed up to this long after it was sent. */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(25);
    private final ManualTime time = new ManualTime();
    private final SignalWireClient signalWire = signalWire(retry);

    private SignalWireClient signalWire(final RetryConfig policy) {
        final var account = new ProviderAccount(SIGNALWIRE_ACCOUNT, stub.url("/api/relay/rest"), "project-1",
                new Secret.Fixed(TOKEN), 100);
        return new SignalWireClient(account, settings(policy),
                new AccountLimiters(SharedRateLimits.alone()).limiter(account), health, new SimpleMeterRegistry());
    }

    private TelnyxClient telnyx() {
        final var account = new ProviderAccount(TELNYX_ACCOUNT, stub.url("/v2"), null, new Secret.Fixed("KEYfake"),
                100);
        return new TelnyxClient(account, settings(retry),
                new AccountLimiters(SharedRateLimits.alone()).limiter(account), health, new SimpleMeterRegistry());
    }

    private ProviderSettings settings(final RetryConfig policy) {
        return new ProviderSettings(policy, SearchConfig.defaults(), "http://bridge.local/callbacks",
                RequestLimits.defaults().maxListPages(), time.inFlight(IN_FLIGHT));
    }

    private static StubProvider startStub() {
        try {
            return new StubProvider();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void purchaseMapsThePhoneNumberAndSendsBasicAuth() {
        stub.then(Answer.of(200, PHONE));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(((PhoneNumber) s.resource()).getCapabilities()).containsExactly("voice", "sms");
            assertThat(s.attempts()).isEqualTo(1);
        });
        assertThat(stub.received.getFirst().uri()).isEqualTo("/api/relay/rest/phone_numbers");
        assertThat(stub.received.getFirst().body()).isEqualTo("{\"number\":\"+12025550123\"}");
        assertThat(stub.received.getFirst().authorization()).startsWith("Basic ");
    }

    @Test
    void assignmentOrderWithoutCallbackUsesTheBridgeUrl() {
        stub.then(Answer.of(200, "{\"id\":\"ord-1\",\"state\":\"pending\"}"));
        final var outcome = signalWire.createOrder(
                new Operation.CreateAssignmentOrder(CAMPAIGN, List.of("+12025550123"), null), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((AssignmentOrder) s.resource()).getState()).isEqualTo("pending"));
        assertThat(stub.received.getFirst().uri()).isEqualTo("/api/relay/rest/registry/beta/campaigns/" + CAMPAIGN
                + "/orders");
        assertThat(stub.received.getFirst().body())
                .isEqualTo("{\"phone_numbers\":[\"+12025550123\"],\"status_callback_url\":\"http://bridge.local/cal"
                        + "lbacks\"}");
    }

    @Test
    void listFollowsLinksNextToTheEnd() {
        final var path = "/api/relay/rest/registry/beta/campaigns/" + CAMPAIGN + "/orders";
        stub.then(Answer.of(200, "{\"links\":{\"self\":\"a\",\"first\":\"a\",\"next\":\"" + stub.url(path + "?page=2")
                        + "\"},\"data\":[{\"id\":\"o1\",\"state\":\"pending\"}]}"))
                .then(Answer.of(200, "{\"links\":{\"self\":\"b\",\"first\":\"a\"},\"data\":[{\"id\":\"o2\",\"state"
                        + "\":\"pending\"}]}"));
        final var outcome = signalWire.listOrders(new Operation.ListAssignmentOrders(CAMPAIGN, "pending"));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(((AssignmentOrderList) s.resource()).getData()).extracting(AssignmentOrder::getId)
                    .containsExactly("o1", "o2");
            assertThat(s.attempts()).isEqualTo(2);
        });
        assertThat(stub.received.getFirst().uri()).isEqualTo(path + "?filter_state=pending");
        assertThat(stub.received.get(1).uri()).isEqualTo(path + "?page=2");
    }

    @Test
    void refusesToSendCredentialsToAnotherHostInLinksNext() {
        stub.then(Answer.of(200,
                "{\"links\":{\"self\":\"a\",\"first\":\"a\",\"next\":\"http://evil.example/x\"},\"data\":[]}"));
        final var outcome = signalWire.listOrders(new Operation.ListAssignmentOrders(CAMPAIGN, null));
        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(stub.received).hasSize(1);
    }

    @Test
    void junkOrLoopingLinksNextFailsTheListingKeepingTheOrdersRead() {
        stub.then(Answer.of(200, "{\"links\":{\"self\":\"a\",\"first\":\"a\",\"next\":\"ht tp://::junk\"},"
                + "\"data\":[{\"id\":\"o1\",\"state\":\"pending\"}]}"));
        final var junk = signalWire.listOrders(new Operation.ListAssignmentOrders(CAMPAIGN, null));
        assertThat(junk).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.errors()).extracting(e -> e.getCode().toString()).containsExactly("bad_pagination");
            assertThat(((AssignmentOrderList) f.partial()).getData()).extracting(AssignmentOrder::getId)
                    .containsExactly("o1");
        });
        final var path = "/api/relay/rest/registry/beta/campaigns/" + CAMPAIGN + "/orders";
        stub.then(Answer.of(200, "{\"links\":{\"self\":\"a\",\"first\":\"a\",\"next\":\"" + stub.url(path)
                + "\"},\"data\":[{\"id\":\"o2\",\"state\":\"pending\"}]}"));
        final var looping = signalWire.listOrders(new Operation.ListAssignmentOrders(CAMPAIGN, null));
        assertThat(looping).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.errors())
                .extracting(e -> e.getCode().toString()).containsExactly("bad_pagination"));
    }

    @Test
    void aLinksNextThatAnswers404FailsTheListingInsteadOfRejectingTheRequest() {
        stub.then(Answer.of(200, "{\"links\":{\"self\":\"a\",\"first\":\"a\",\"next\":\"no/such/page\"},"
                + "\"data\":[{\"id\":\"o1\",\"state\":\"pending\"}]}"))
                .then(Answer.of(404, "{\"error\":\"Not Found\"}"));
        final var outcome = signalWire.listOrders(new Operation.ListAssignmentOrders(CAMPAIGN, null));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.errors()).extracting(e -> e.getCode().toString()).startsWith("bad_pagination");
            assertThat(((AssignmentOrderList) f.partial()).getData()).extracting(AssignmentOrder::getId)
                    .containsExactly("o1");
        });
    }

    @Test
    void anObjectWhereAnIdShouldBeIsAnUnreadableAnswerNotAnEmptyId() {
        stub.then(Answer.of(200, "{\"id\":{\"nested\":1},\"number\":[\"+12025550123\"]}"));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.errors())
                .extracting(e -> e.getCode().toString()).containsExactly("unreadable_response"));
    }

    @Test
    void validationErrorIsRejectedWithTheProviderErrors() {
        stub.then(Answer.of(422, "{\"errors\":[{\"detail\":\"Number is not available\",\"status\":\"422\",\"title\""
                + ":\"Invalid Attribute\",\"code\":\"number_unavailable\"}]}"));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, r -> assertThat(r.errors())
                .extracting(ProviderError::getHttpStatus, ProviderError::getCode, ProviderError::getDetail)
                .containsExactly(Tuple.tuple(422, "number_unavailable", "Number is not available")));
        assertThat(stub.received).hasSize(1);
    }

    @Test
    void notFoundIsRejectedWithoutRetry() {
        stub.then(Answer.of(404, "{\"error\":\"Not Found\"}"));
        final var outcome = signalWire.createOrder(
                new Operation.CreateAssignmentOrder(CAMPAIGN, List.of("+12025550123"), null), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class,
                r -> assertThat(r.errors().getFirst().getTitle()).isEqualTo("Not Found"));
        assertThat(stub.received).hasSize(1);
    }

    @Test
    void unauthorizedFailsAndPausesTheProvider() {
        stub.then(Answer.of(401, "{\"error\":\"Unauthorized\"}"));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(health.isPaused(SIGNALWIRE_ACCOUNT)).isTrue();
        assertThat(health.isPaused(TELNYX_ACCOUNT)).isFalse();
    }

    @Test
    void serverErrorIsLookedUpAgainOnceThePostCanNoLongerBePerformedBeforeThePurchaseIsPostedAgain() {
        stub.then(Answer.of(500, "{\"error\":\"Internal Server Error\"}")).then(Answer.of(200, NONE_OWNED))
                .then(Answer.of(200, NONE_OWNED)).then(Answer.of(200, PHONE));
        final var start = time.instant();
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(s.attempts()).isEqualTo(2);
            assertThat(s.reconciled()).isFalse();
        });
        assertThat(stub.received).extracting(StubProvider.Received::method, StubProvider.Received::uri).containsExactly(
                Tuple.tuple("POST", "/api/relay/rest/phone_numbers"),
                Tuple.tuple("GET", "/api/relay/rest/phone_numbers?filter_number=%2B12025550123"),
                Tuple.tuple("GET", "/api/relay/rest/phone_numbers?filter_number=%2B12025550123"),
                Tuple.tuple("POST", "/api/relay/rest/phone_numbers"));
        assertThat(time.instant()).isAfterOrEqualTo(start.plus(IN_FLIGHT));
    }

    @Test
    void aPostThatTheProviderPerformsLateIsFoundAfterItsWindowAndNeverPostedAgain() {
        // The first lookup comes before the provider performed the timed-out post; the one after its window sees it.
        stub.then(Answer.of(504, null)).then(Answer.of(200, NONE_OWNED))
                .then(Answer.of(200, "{\"links\":{},\"data\":[" + PHONE + "]}"));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(s.reconciled()).isTrue());
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST", "GET", "GET");
        assertThat(time.paused()).isGreaterThanOrEqualTo(IN_FLIGHT.minusSeconds(1));
    }

    @Test
    void aRevokedClaimEndsTheWaitForAnEarlierPostWithoutPostingAgain() {
        stub.then(Answer.of(500, null)).then(Answer.of(200, NONE_OWNED));
        assertThatThrownBy(() -> signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                revokedAfter(3))).isInstanceOf(CallClaim.Revoked.class);
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST", "GET");
        assertThat(time.paused()).isLessThan(IN_FLIGHT);
    }

    @Test
    void aLaterRunOfTheSameRequestInThisProcessWaitsForTheUnsettledPostOfItsEarlierRun() {
        // Run 1 posts, gets a 500, finds nothing yet and is stopped while waiting (its partition moved away).
        stub.then(Answer.of(500, null)).then(Answer.of(200, NONE_OWNED));
        final var sent = time.instant();
        assertThatThrownBy(() -> signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                revokedAfter(3))).isInstanceOf(CallClaim.Revoked.class);
        // The partition comes back: run 2 of the same request in this process, its own claim, nothing from the ledger.
        stub.then(Answer.of(200, NONE_OWNED)).then(Answer.of(200, NONE_OWNED)).then(Answer.of(200, PHONE));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1",
                new PriorAttempts(true, sent), CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(stub.received).extracting(StubProvider.Received::method)
                .containsExactly("POST", "GET", "GET", "GET", "POST");
        assertThat(time.instant()).isAfterOrEqualTo(sent.plus(IN_FLIGHT));
    }

    @Test
    void anotherRequestForTheSameNumberIsNotHeldByThisRequestsUnsettledPost() {
        stub.then(Answer.of(500, null)).then(Answer.of(200, NONE_OWNED));
        assertThatThrownBy(() -> signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                revokedAfter(3))).isInstanceOf(CallClaim.Revoked.class);
        stub.then(Answer.of(422, "{\"errors\":[{\"code\":\"number_already_owned\"}]}"));
        final var other = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-2", FIRST,
                CallClaim.UNCLAIMED);
        // Its own first post, answered as the provider answers it: the number of r-1 is never r-2's.
        assertThat(other).isInstanceOf(Outcome.Rejected.class);
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST", "GET", "POST");
    }

    /** A claim revoked at its {@code checks}-th check: a stop while the call waits. */
    private static CallClaim revokedAfter(final int checks) {
        final var checked = new AtomicInteger();
        return new CallClaim() {
            @Override
            public void check() {
                if (checked.incrementAndGet() > checks) {
                    throw new Revoked("stopping");
                }
            }

            @Override
            public boolean recordCandidate(final String number) {
                return true;
            }
        };
    }

    @Test
    void alreadyOwnedAfterATooManyRequestsIsLookedUpInOurAccountAndAnsweredAsThePurchase() {
        // The 429's purchase was not performed, but an "already owned" after any earlier attempt may be ours.
        stub.then(new Answer(429, "{}", Map.of("Retry-After", "0"), 0))
                .then(Answer.of(422, "{\"errors\":[{\"code\":\"number_already_owned\",\"detail\":\"owned\"}]}"))
                .then(Answer.of(200, "{\"links\":{},\"data\":[" + PHONE + "]}"));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(s.reconciled()).isTrue();
            assertThat(((PhoneNumber) s.resource()).getNumber()).isEqualTo("+12025550123");
        });
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST", "POST", "GET");
    }

    @Test
    void purchasePerformedDespiteTheErrorIsFoundAndNotPostedAgain() {
        // filter_number matches substrings: only the exact number is ours.
        final var owned = "{\"links\":{},\"data\":[" + PHONE.replace("+12025550123", "+120255501234") + ","
                + PHONE + "]}";
        stub.then(Answer.of(503, null)).then(Answer.of(200, owned));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(s.reconciled()).isTrue();
            assertThat(((PhoneNumber) s.resource()).getNumber()).isEqualTo("+12025550123");
        });
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST", "GET");
        assertThat(time.paused()).as("a post found answers at once").isZero();
    }

    @Test
    void aTakeoverFindsThePurchaseOfTheCrashedClaimerAtOnceWithoutWaiting() {
        stub.then(Answer.of(200, "{\"links\":{},\"data\":[" + PHONE + "]}"));
        final var takenOver = new PriorAttempts(true, time.instant(), null, time.instant().plus(IN_FLIGHT));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", takenOver,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(s.reconciled()).isTrue());
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET");
        assertThat(time.paused()).isZero();
    }

    @Test
    void aTakeoverThatFindsNothingPostsOnlyAfterTheCrashedClaimersCallsSettledAndALookupAfterThem() {
        stub.then(Answer.of(200, NONE_OWNED)).then(Answer.of(200, NONE_OWNED)).then(Answer.of(200, PHONE));
        final var settles = time.instant().plus(IN_FLIGHT);
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1",
                new PriorAttempts(true, time.instant(), null, settles), CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(s.reconciled()).isFalse());
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET", "GET", "POST");
        assertThat(time.instant()).isAfterOrEqualTo(settles);
    }

    @Test
    void requestStartedBeforeACrashIsLookedUpFirst() {
        stub.then(Answer.of(200, "{\"data\":[" + PHONE + "]}"));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", CRASHED,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(s.reconciled()).isTrue());
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET");
    }

    @Test
    void tooManyRequestsIsNotAmbiguousAndIsPostedAgainWithoutLookup() {
        stub.then(new Answer(429, "{}", Map.of("Retry-After", "0"), 0)).then(Answer.of(200, PHONE));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST", "POST");
    }

    @Test
    void assignmentOrderStartedBeforeACrashIsFoundByItsNumbersOnTheCampaign() {
        final var numbers = "{\"links\":{},\"data\":[{\"id\":\"a1\",\"state\":\"pending\",\"campaign_id\":\"" + CAMPAIGN
                + "\",\"phone_number\":{\"id\":\"p1\",\"number\":\"+12025550123\"},"
                + "\"created_at\":\"2024-01-15T09:30:00Z\",\"updated_at\":\"2024-01-15T09:30:00Z\"}]}";
        final var orders = "{\"links\":{},\"data\":["
                + "{\"id\":\"old\",\"state\":\"processed\",\"created_at\":\"2024-01-01T00:00:00Z\"},"
                + "{\"id\":\"ours\",\"state\":\"pending\",\"created_at\":\"2024-01-15T09:30:00Z\"}]}";
        stub.then(Answer.of(200, numbers)).then(Answer.of(200, orders));
        final var outcome = signalWire.createOrder(
                new Operation.CreateAssignmentOrder(CAMPAIGN, List.of("+12025550123"), null), "r-1", CRASHED,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(s.reconciled()).isTrue();
            assertThat(((AssignmentOrder) s.resource()).getId()).isEqualTo("ours");
        });
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET", "GET");
    }

    @Test
    void assignmentOrderLookupThatFindsTwoCandidateOrdersPostsNothingAndEndsOutcomeUnknown() {
        final var numbers = "{\"links\":{},\"data\":[{\"id\":\"a1\",\"state\":\"pending\",\"campaign_id\":\"" + CAMPAIGN
                + "\",\"phone_number\":{\"id\":\"p1\",\"number\":\"+12025550123\"},"
                + "\"created_at\":\"2024-01-15T09:30:00Z\",\"updated_at\":\"2024-01-15T09:30:00Z\"}]}";
        // Either could be ours; the other may be another request_id's order, which must never be claimed.
        final var orders = "{\"links\":{},\"data\":["
                + "{\"id\":\"ours-or-theirs\",\"state\":\"pending\",\"created_at\":\"2024-01-15T09:30:00Z\"},"
                + "{\"id\":\"theirs-or-ours\",\"state\":\"pending\",\"created_at\":\"2024-01-15T09:30:01Z\"}]}";
        for (int attempt = 0; attempt < 3; attempt++) {
            stub.then(Answer.of(200, numbers)).then(Answer.of(200, orders));
        }
        final var outcome = signalWire.createOrder(
                new Operation.CreateAssignmentOrder(CAMPAIGN, List.of("+12025550123"), null), "r-1", CRASHED,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.errors()).extracting(ProviderError::getCode).containsExactly("outcome_unknown", "unreachable");
            assertThat(f.errors().get(1).getDetail().toString()).contains("ours-or-theirs", "theirs-or-ours");
        });
        assertThat(stub.received).extracting(StubProvider.Received::method).containsOnly("GET").hasSize(6);
    }

    @Test
    void telnyxLookupReadsEveryPageAndFindsTheOrderOnTheLast() {
        final var telnyx = telnyx();
        final var order = telnyxOrder();
        stub.then(Answer.of(200, "{\"data\":[" + order.formatted("other-numbers", "+19705555000")
                        + "],\"meta\":{\"total_pages\":2,\"page_number\":1}}"))
                .then(Answer.of(200, "{\"data\":[" + order.formatted("ours", "+19705555098")
                        + "],\"meta\":{\"total_pages\":2,\"page_number\":2}}"));
        final var outcome = telnyx.createNumberOrder(new Operation.NumberOrder(
                List.of(new Operation.OrderedNumber("+19705555098", null, null)), null, null, null, "shared-ref"),
                "req-1", CRASHED, CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((TelnyxNumberOrder) s.resource()).getId()).isEqualTo("ours"));
        assertThat(stub.received).extracting(StubProvider.Received::uri).containsExactly(
                "/v2/number_orders?filter%5Bcustomer_reference%5D=shared-ref&page%5Bnumber%5D=1&page%5Bsize%5D=250",
                "/v2/number_orders?filter%5Bcustomer_reference%5D=shared-ref&page%5Bnumber%5D=2&page%5Bsize%5D=250");
    }

    @Test
    void telnyxLookupFindingTwoOrdersWithOurReferenceAndNumbersPostsNothing() {
        final var telnyx = telnyx();
        final var order = telnyxOrder();
        for (int attempt = 0; attempt < 3; attempt++) {
            stub.then(Answer.of(200, "{\"data\":[" + order.formatted("first", "+19705555098") + ","
                    + order.formatted("second", "+19705555098") + "],\"meta\":{\"total_pages\":1}}"));
        }
        final var outcome = telnyx.createNumberOrder(new Operation.NumberOrder(
                List.of(new Operation.OrderedNumber("+19705555098", null, null)), null, null, null, "shared-ref"),
                "req-1", CRASHED, CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.errors()).extracting(ProviderError::getCode).containsExactly("outcome_unknown", "unreachable");
            assertThat(f.errors().get(1).getDetail().toString()).contains("first", "second");
        });
        assertThat(stub.received).extracting(StubProvider.Received::method).containsOnly("GET").hasSize(3);
    }

    private static String telnyxOrder() {
        return """
                {"id":"%s","record_type":"number_order","phone_numbers_count":1,
                 "phone_numbers":[{"id":"dc8e4d67","phone_number":"%s","regulatory_requirements":[],
                 "requirements_met":true,"status":"success"}],"sub_number_orders_ids":[],"status":"pending",
                 "customer_reference":"shared-ref","created_at":"2018-01-01T00:00:00Z",
                  "updated_at":"2018-01-01T00:00:00Z",
                 "requirements_met":true}""";
    }

    @Test
    void assignmentOrderIsPostedWhenNotAllItsNumbersAreOnTheCampaign() {
        stub.then(Answer.of(200, NONE_OWNED)).then(Answer.of(200, "{\"id\":\"ord-1\",\"state\":\"pending\"}"));
        final var outcome = signalWire.createOrder(
                new Operation.CreateAssignmentOrder(CAMPAIGN, List.of("+12025550123"), null), "r-1", CRASHED,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(s.reconciled()).isFalse());
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET", "POST");
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        stub.then(new Answer(429, "{}", Map.of("Retry-After", "1"), 0)).then(Answer.of(200, PHONE));
        final long started = System.nanoTime();
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retriesExhaustedWhileThePurchaseMayHaveHappenedSayTheOutcomeIsUnknown() {
        stub.then(Answer.of(503, null)).then(Answer.of(503, null)).then(Answer.of(503, null));
        final var outcome = signalWire.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.errors().getFirst().getCode()).isEqualTo("outcome_unknown");
        });
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST", "GET", "GET");
    }

    @Test
    void aClientPerformsTheOperationItIsHandedThroughTheCommonInterface() {
        stub.then(Answer.of(200, PHONE));
        final ProviderClient client = signalWire;

        final var outcome = client.perform(new ProviderCall(new Operation.PurchasePhoneNumber("+12025550123"), "r-1",
                FIRST, CallClaim.UNCLAIMED));

        assertThat(outcome).get().isInstanceOfSatisfying(Outcome.Succeeded.class, s ->
                assertThat(((PhoneNumber) s.resource()).getNumber()).isEqualTo("+12025550123"));
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("POST");
    }

    @Test
    void aClientRefusesAnotherProvidersOperationWithoutCallingAnything() {
        try (ProviderClient client = telnyx()) {
            assertThatThrownBy(() -> client.perform(new ProviderCall(
                    new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST, CallClaim.UNCLAIMED)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a Telnyx operation");
        }
        assertThat(stub.received).isEmpty();
    }

    @Test
    void timeoutsAreRetriedThenFail() {
        final var impatient = signalWire(
                new RetryConfig(3, Duration.ofMillis(10), 2.0, Duration.ofSeconds(2), Duration.ofMillis(300)));
        stub.then(new Answer(200, PHONE, Map.of(), 1000)).then(new Answer(200, PHONE, Map.of(), 1000))
                .then(new Answer(200, PHONE, Map.of(), 1000));
        final var outcome = impatient.purchase(new Operation.PurchasePhoneNumber("+12025550123"), "r-1", FIRST,
                CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.errors()).extracting(ProviderError::getCode).containsExactly("outcome_unknown", "unreachable");
            assertThat(f.errors().toString()).doesNotContain(TOKEN);
        });
    }

    @Test
    void telnyxOrderSendsBearerAndDefaultsCustomerReferenceToRequestId() {
        final var telnyx = telnyx();
        stub.then(Answer.of(200, """
                {"data":{"id":"12ade33a-21c0-473b-b055-b3c836e1c292","record_type":"number_order",
                 "phone_numbers_count":1,
                 "phone_numbers":[{"id":"dc8e4d67","record_type":"number_order_phone_number",
                  "phone_number":"+19705555098",
                 "regulatory_requirements":[],"requirements_met":true,"status":"success"}],
                 "sub_number_orders_ids":[],"status":"pending","customer_reference":"req-1",
                 "created_at":"2018-01-01T00:00:00.000000Z","updated_at":"2018-01-01T00:00:00.000000Z",
                  "requirements_met":true}}"""));
        final var outcome = telnyx.createNumberOrder(new Operation.NumberOrder(
                List.of(new Operation.OrderedNumber("+19705555098", null, null)), null, null, null, null), "req-1",
                        FIRST, CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((TelnyxNumberOrder) s.resource()).getStatus()).isEqualTo("pending"));
        assertThat(stub.received.getFirst().uri()).isEqualTo("/v2/number_orders");
        assertThat(stub.received.getFirst().authorization()).isEqualTo("Bearer KEYfake");
        assertThat(stub.received.getFirst().body())
                .isEqualTo("{\"phone_numbers\":[{\"phone_number\":\"+19705555098\"}],\"customer_reference\":\"req-1"
                        + "\"}");
    }

    @Test
    void telnyxOrderStartedBeforeACrashIsFoundByCustomerReferenceAndNumbers() {
        final var telnyx = telnyx();
        final var order = """
                {"id":"%s","record_type":"number_order","phone_numbers_count":1,
                 "phone_numbers":[{"id":"dc8e4d67","phone_number":"%s","regulatory_requirements":[],
                 "requirements_met":true,"status":"success"}],"sub_number_orders_ids":[],"status":"pending",
                 "customer_reference":"req-1","created_at":"2018-01-01T00:00:00Z","updated_at":"2018-01-01T00:00:00Z",
                 "requirements_met":true}""";
        stub.then(Answer.of(200, "{\"data\":[" + order.formatted("other-numbers", "+19705555000") + ","
                + order.formatted("ours", "+19705555098") + "],\"meta\":{}}"));
        final var outcome = telnyx.createNumberOrder(new Operation.NumberOrder(
                List.of(new Operation.OrderedNumber("+19705555098", null, null)), null, null, null, null), "req-1",
                CRASHED, CallClaim.UNCLAIMED);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(s.reconciled()).isTrue();
            assertThat(((TelnyxNumberOrder) s.resource()).getId()).isEqualTo("ours");
        });
        assertThat(stub.received).extracting(StubProvider.Received::method, StubProvider.Received::uri)
                .containsExactly(Tuple.tuple("GET",
                        "/v2/number_orders?filter%5Bcustomer_reference%5D=req-1"
                                + "&page%5Bnumber%5D=1&page%5Bsize%5D=250"));
    }
}
