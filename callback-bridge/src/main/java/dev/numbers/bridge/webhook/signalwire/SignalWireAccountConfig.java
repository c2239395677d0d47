package dev.numbers.bridge.webhook.signalwire;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One SignalWire project whose 10DLC callbacks the bridge accepts: keys under
 * {@code bridge.signalwire.accounts.<name>}. A callback names its project in {@code project_id}; the account with that
 * project id verifies it.
 *
 * @param name           the account's name (the map key), used in logs and metrics
 * @param projectId      the SignalWire project id its callbacks carry; only the {@code default} account may leave it
 *                       unset, and then verifies callbacks of every project no other account names
 * @param signingKey     the project's signing key, inline (e.g. {@code ${SW_SIGNING_KEY_TEAM_A}})
 * @param signingKeyFile a file holding the signing key (a mounted Secret), re-read when it changes
 */
@EachProperty(SignalWireAccountConfig.PREFIX)
public record SignalWireAccountConfig(
        @Parameter String name,
        @Nullable String projectId,
        @Nullable String signingKey,
        @Nullable String signingKeyFile) {

    public static final String PREFIX = "bridge.signalwire.accounts";

    @Override
    public String toString() {
        return "SignalWireAccountConfig[name=" + name + ", projectId=" + projectId
                + ", signingKey=" + (signingKey == null ? "unset" : "****") + ", signingKeyFile=" + signingKeyFile
                        + "]";
    }
}
