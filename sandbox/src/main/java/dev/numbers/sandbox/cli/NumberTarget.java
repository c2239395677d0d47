package dev.numbers.sandbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A number named for a release or a configuration: the provider, and the number or the provider's id of it. */
public final class NumberTarget {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--provider", defaultValue = "signalwire",
            description = "signalwire or telnyx (default ${DEFAULT-VALUE}).")
    LifecycleRequests.ProviderName provider;

    @Parameters(arity = "0..1", paramLabel = "NUMBER", description = "The number, E.164.")
    String number;

    @Option(names = "--id", paramLabel = "ID", description = "The provider's id of the number, instead of NUMBER.")
    String id;

    /** The record key (the number, else the id); a usage error unless exactly one of them is named. */
    String key() {
        if ((number == null) == (id == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Name the NUMBER or --id, exactly one");
        }
        return number != null ? number : id;
    }

    boolean telnyx() {
        return provider == LifecycleRequests.ProviderName.telnyx;
    }
}
