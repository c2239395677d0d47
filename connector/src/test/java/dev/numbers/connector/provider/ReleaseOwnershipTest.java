package dev.numbers.connector.provider;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.ReleasedResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A number is released only where it is held: one the account does not list, named by E.164 or by provider id, is
 * REJECTED not_owned before any DELETE, at both providers; only a resumed run whose earlier run recorded its DELETE
 * may find it gone and call that done.
 */
class ReleaseOwnershipTest {

    private static final String NUMBER = "+12025550123";
    private static final String SW_ID = "0a1b2c3d-0000-4000-8000-000000000001";
    private static final String SW_PHONE = "{\"id\":\"" + SW_ID + "\",\"number\":\"" + NUMBER + "\"}";
    private static final String SW_NONE = "{\"links\":{},\"data\":[]}";
    private static final String TX_ID = "1293384261075731499";
    private static final PriorAttempts FIRST = PriorAttempts.none(Instant.EPOCH);
    /** An earlier run recorded its DELETE of the number, and may have lost the answer. */
    private static final PriorAttempts RESUMED = new PriorAttempts(true, Instant.EPOCH, NUMBER);
    /** An earlier run began (claimed, maybe looked) but recorded no DELETE. */
    private static final PriorAttempts LOOKED_ONLY = new PriorAttempts(true, Instant.EPOCH);

    private final StubProvider stub = startStub();
    private final ProviderHealth health = new ProviderHealth(new SimpleMeterRegistry(), List.of(
            new AccountId(Provider.SIGNALWIRE, "default"), new AccountId(Provider.TELNYX, "default")));
    private final SignalWireClient signalWire = signalWire();
    private final TelnyxClient telnyx = telnyx();

    @AfterEach
    void stop() {
        signalWire.close();
        telnyx.close();
        stub.close();
    }

    @Test
    void aSignalWireReleaseOfANumberTheProjectDoesNotListIsRejectedNotOwnedWithoutADelete() {
        stub.then(Answer.of(200, SW_NONE)).then(Answer.of(200, "{\"links\":{},\"data\":[{\"id\":\"other\","
                + "\"number\":\"+12025550999\"}]}"));

        final var byNumber = release(new Operation.ReleasePhoneNumber(NUMBER, null), FIRST);
        final var byId = release(new Operation.ReleasePhoneNumber(null, SW_ID), FIRST);

        assertNotOwned(byNumber, "operation.number");
        assertNotOwned(byId, "operation.phone_number_id");
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET", "GET");
    }

    @Test
    void aSignalWireReleaseByIdOfAHeldNumberDeletesItAndNamesItsNumber() {
        stub.then(Answer.of(200, "{\"links\":{},\"data\":[" + SW_PHONE + "]}")).then(Answer.of(204, null));

        final var released = release(new Operation.ReleasePhoneNumber(null, SW_ID), FIRST);

        assertThat(released).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            assertThat(s.reconciled()).isFalse();
            assertThat((ReleasedResource) s.resource()).extracting(ReleasedResource::getId,
                    ReleasedResource::getNumber, ReleasedResource::getAlreadyGone)
                    .containsExactly(SW_ID, NUMBER, false);
        });
        assertThat(stub.received).extracting(StubProvider.Received::method, StubProvider.Received::uri).containsExactly(
                Tuple.tuple("GET", "/api/relay/rest/phone_numbers?page_size=1000"),
                Tuple.tuple("DELETE", "/api/relay/rest/phone_numbers/" + SW_ID));
    }

    @Test
    void aTelnyxDeleteOfANumberTheAccountDoesNotListIsRejectedNotOwnedWithoutADelete() {
        stub.then(Answer.of(200, "{\"data\":[]}")).then(Answer.of(404, "{\"errors\":[{\"code\":\"10005\"}]}"));

        final var byNumber = delete(new Operation.DeletePhoneNumber(NUMBER, null), FIRST);
        final var byId = delete(new Operation.DeletePhoneNumber(null, TX_ID), FIRST);

        assertNotOwned(byNumber, "operation.number");
        assertNotOwned(byId, "operation.phone_number_id");
        assertThat(stub.received).extracting(StubProvider.Received::method, StubProvider.Received::uri).containsExactly(
                Tuple.tuple("GET", "/v2/phone_numbers?filter%5Bphone_number%5D=%2B12025550123"),
                Tuple.tuple("GET", "/v2/phone_numbers/" + TX_ID));
    }

    @Test
    void aTelnyxDeleteByIdOfAHeldNumberDeletesItAndNamesItsNumber() {
        stub.then(Answer.of(200, "{\"data\":{\"id\":\"" + TX_ID + "\",\"phone_number\":\"" + NUMBER + "\"}}"))
                .then(Answer.of(200, "{\"data\":{\"id\":\"" + TX_ID + "\"}}"));

        final var deleted = delete(new Operation.DeletePhoneNumber(null, TX_ID), FIRST);

        assertThat(deleted).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(
                ((ReleasedResource) s.resource()).getNumber()).isEqualTo(NUMBER));
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET", "DELETE");
    }

    @Test
    void aResumedReleaseThatFindsTheNumberGoneIsTheReleaseDoneByItsEarlierRun() {
        stub.then(Answer.of(200, SW_NONE)).then(Answer.of(200, "{\"data\":[]}"));

        final var signalWireGone = release(new Operation.ReleasePhoneNumber(NUMBER, null), RESUMED);
        final var telnyxGone = delete(new Operation.DeletePhoneNumber(NUMBER, null), RESUMED);

        for (final var gone : List.of(signalWireGone, telnyxGone)) {
            assertThat(gone).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
                assertThat(s.reconciled()).isTrue();
                assertThat(((ReleasedResource) s.resource()).getAlreadyGone()).isTrue();
            });
        }
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET", "GET");
    }

    @Test
    void aResumedReleaseWhoseEarlierRunRecordedNoDeleteIsRejectedNotOwned() {
        stub.then(Answer.of(200, SW_NONE)).then(Answer.of(200, "{\"data\":[]}"));

        final var signalWireGone = release(new Operation.ReleasePhoneNumber(NUMBER, null), LOOKED_ONLY);
        final var telnyxGone = delete(new Operation.DeletePhoneNumber(NUMBER, null), LOOKED_ONLY);

        assertNotOwned(signalWireGone, "operation.number");
        assertNotOwned(telnyxGone, "operation.number");
    }

    @Test
    void theDeleteIsRecordedBeforeItGoesOutAndNotSentWhenTheRecordFails() {
        stub.then(Answer.of(200, "{\"links\":{},\"data\":[" + SW_PHONE + "]}")).then(Answer.of(204, null))
                .then(Answer.of(200, "{\"links\":{},\"data\":[" + SW_PHONE + "]}"));
        final var recorded = new ArrayList<String>();

        final var released = signalWire.release(new Operation.ReleasePhoneNumber(null, SW_ID), FIRST,
                recording(recorded, true));
        final var stopped = signalWire.release(new Operation.ReleasePhoneNumber(null, SW_ID), FIRST,
                recording(recorded, false));

        assertThat(released).get().isInstanceOf(Outcome.Succeeded.class);
        assertThat(stopped).isEmpty();
        assertThat(recorded).containsExactly(NUMBER, NUMBER);
        assertThat(stub.received).extracting(StubProvider.Received::method).containsExactly("GET", "DELETE", "GET");
    }

    private Outcome release(final Operation.ReleasePhoneNumber release, final PriorAttempts prior) {
        return signalWire.release(release, prior, CallClaim.UNCLAIMED).orElseThrow();
    }

    private Outcome delete(final Operation.DeletePhoneNumber deletion, final PriorAttempts prior) {
        return telnyx.deletePhoneNumber(deletion, prior, CallClaim.UNCLAIMED).orElseThrow();
    }

    private static CallClaim recording(final List<String> recorded, final boolean answer) {
        return new CallClaim() {
            @Override
            public void check() {
            }

            @Override
            public boolean recordCandidate(final String number) {
                recorded.add(number);
                return answer;
            }
        };
    }

    private static void assertNotOwned(final Outcome outcome, final String field) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, r -> assertThat(r.errors())
                .extracting(ProviderError::getCode, ProviderError::getField)
                .containsExactly(Tuple.tuple("not_owned", field)));
    }

    private SignalWireClient signalWire() {
        final var account = new ProviderAccount(new AccountId(Provider.SIGNALWIRE, "default"),
                stub.url("/api/relay/rest"), "project-1", new Secret.Fixed("token"), 100);
        return new SignalWireClient(account, settings(), new AccountLimiters(SharedRateLimits.alone())
                .limiter(account), health, new SimpleMeterRegistry());
    }

    private TelnyxClient telnyx() {
        final var account = new ProviderAccount(new AccountId(Provider.TELNYX, "default"), stub.url("/v2"), null,
                new Secret.Fixed("key"), 100);
        return new TelnyxClient(account, settings(), new AccountLimiters(SharedRateLimits.alone()).limiter(account),
                health, new SimpleMeterRegistry());
    }

    private static ProviderSettings settings() {
        return new ProviderSettings(new RetryConfig(2, Duration.ofMillis(10), 2.0, Duration.ofSeconds(1),
                Duration.ofSeconds(5)), SearchConfig.defaults(), "http://bridge.local/callbacks",
                RequestLimits.defaults().maxListPages(), new ManualTime().inFlight(Duration.ofSeconds(25)));
    }

    private static StubProvider startStub() {
        try {
            return new StubProvider();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
