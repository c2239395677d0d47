package dev.numbers.sandbox.cli;

import dev.numbers.schemas.avro.SignalWireConfigurePhoneNumber;
import dev.numbers.schemas.avro.TelnyxConfigurePhoneNumber;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code numbers request configure}: hold settings on a number the account owns (desired state). */
@Command(name = "configure", mixinStandardHelpOptions = true,
        description = "Configure a number the account owns: only the --set fields are changed, a repeat changes"
                + " nothing, a number not owned is REJECTED not_owned.")
final class ConfigureCommand implements Callable<Integer> {

    @Mixin
    RequestCommand.Envelope envelope;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NumberTarget target;

    @Mixin
    ConfigurationOptions configuration;

    @Override
    public Integer call() {
        final var key = target.key();
        if (configuration.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give at least one --set FIELD=VALUE");
        }
        if (target.telnyx()) {
            return envelope.send(key, TelnyxConfigurePhoneNumber.newBuilder().setNumber(target.number)
                    .setPhoneNumberId(target.id).setConfiguration(configuration.telnyx()).build());
        }
        return envelope.send(key, SignalWireConfigurePhoneNumber.newBuilder().setNumber(target.number)
                .setPhoneNumberId(target.id).setConfiguration(configuration.signalWire()).build());
    }
}
