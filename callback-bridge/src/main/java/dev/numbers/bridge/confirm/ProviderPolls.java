package dev.numbers.bridge.confirm;

import dev.numbers.schemas.avro.Provider;
import java.util.EnumMap;
import java.util.Map;

/** The poll for each provider the configuration gives credentials for; the others' orders are not polled. */
final class ProviderPolls {

    private final Map<Provider, ProviderPoll> polls = new EnumMap<>(Provider.class);

    ProviderPolls(final PollerConfig config) {
        final var answers = new PollAnswers(config.maxAnswerBytes());
        if (config.signalwire().configured()) {
            polls.put(Provider.SIGNALWIRE, new SignalWirePoll(config.signalwire(), answers));
        }
        if (config.telnyx().configured()) {
            polls.put(Provider.TELNYX, new TelnyxPoll(config.telnyx(), answers));
        }
    }

    /** The poll for this provider's orders, or null when it has no credentials. */
    ProviderPoll forProvider(final Provider provider) {
        return polls.get(provider);
    }
}
