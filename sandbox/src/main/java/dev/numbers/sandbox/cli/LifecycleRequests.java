package dev.numbers.sandbox.cli;

import dev.numbers.schemas.avro.SignalWireDeleteNumberAssignment;
import dev.numbers.schemas.avro.SignalWireReleasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireSearchAndPurchase;
import dev.numbers.schemas.avro.TelnyxDeletePhoneNumber;
import dev.numbers.schemas.avro.TelnyxSearchAndOrder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code numbers request search-purchase | release | delete-assignment}: the number lifecycle past a first purchase.
 */
final class LifecycleRequests {

    private LifecycleRequests() {
    }

    enum ProviderName { signalwire, telnyx }

    @Command(name = "search-purchase", mixinStandardHelpOptions = true,
            description = "Search by criteria and buy the first number still for sale (the connector records the"
                    + " candidate before buying, and falls back to the next one when it was sold meanwhile).")
    static final class SearchPurchase implements Callable<Integer> {
        @Mixin
        RequestCommand.Envelope envelope;

        @Option(names = "--provider", defaultValue = "signalwire",
                description = "signalwire or telnyx (default ${DEFAULT-VALUE}).")
        ProviderName provider;

        @Option(names = "--areacode", paramLabel = "NPA",
                description = "Area code, e.g. 415 (Telnyx: national_destination_code).")
        String areacode;

        @Option(names = "--toll-free", description = "Toll-free numbers instead of local ones.")
        boolean tollFree;

        @Option(names = "--starts-with", paramLabel = "DIGITS", description = "3 to 7 digits the number starts with.")
        String startsWith;

        @Option(names = "--contains", paramLabel = "DIGITS", description = "3 to 7 digits the number contains.")
        String contains;

        @Option(names = "--ends-with", paramLabel = "DIGITS", description = "3 to 7 digits the number ends with.")
        String endsWith;

        @Option(names = "--region", paramLabel = "XX", description = "SignalWire: ISO 3166-2 region, e.g. CA.")
        String region;

        @Option(names = "--city", paramLabel = "CITY", description = "SignalWire: city, with --region.")
        String city;

        @Option(names = "--max-candidates", defaultValue = "3",
                description = "Candidates to try (1-10, default ${DEFAULT-VALUE}).")
        int maxCandidates;

        @Option(names = "--connection-id", paramLabel = "ID", description = "Telnyx: connection_id of the number.")
        String connectionId;

        @Option(names = "--messaging-profile-id", paramLabel = "ID",
                description = "Telnyx: messaging_profile_id of the number.")
        String messagingProfileId;

        @Mixin
        ConfigurationOptions configuration;

        @Override
        public Integer call() {
            final var key = areacode != null ? areacode : "search";
            if (provider == ProviderName.telnyx) {
                return envelope.send(key, TelnyxSearchAndOrder.newBuilder().setNationalDestinationCode(areacode)
                        .setPhoneNumberType(tollFree ? "toll_free" : null).setStartsWith(startsWith)
                        .setContains(contains).setEndsWith(endsWith).setConnectionId(connectionId)
                        .setMessagingProfileId(messagingProfileId).setMaxCandidates(maxCandidates)
                        .setConfiguration(configuration.telnyx()).build());
            }
            return envelope.send(key, SignalWireSearchAndPurchase.newBuilder().setAreacode(areacode)
                    .setNumberType(tollFree ? "toll-free" : null).setStartsWith(startsWith).setContains(contains)
                    .setEndsWith(endsWith).setRegion(region).setCity(city).setMaxCandidates(maxCandidates)
                    .setConfiguration(configuration.signalWire()).build());
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release a number (SignalWire) or delete it (Telnyx); a number already gone is SUCCEEDED"
                    + " with reconciled = true.")
    static final class Release implements Callable<Integer> {
        @Mixin
        RequestCommand.Envelope envelope;

        @Mixin
        NumberTarget target;

        @Override
        public Integer call() {
            final var key = target.key();
            if (target.telnyx()) {
                return envelope.send(key, TelnyxDeletePhoneNumber.newBuilder().setNumber(target.number)
                        .setPhoneNumberId(target.id).build());
            }
            return envelope.send(key, SignalWireReleasePhoneNumber.newBuilder().setNumber(target.number)
                    .setPhoneNumberId(target.id).build());
        }
    }

    @Command(name = "delete-assignment", mixinStandardHelpOptions = true,
            description = "SignalWire 10DLC: remove a number from its campaign (by assignment id, or campaign and numb"
                    + "er).")
    static final class DeleteAssignment implements Callable<Integer> {
        @Mixin
        RequestCommand.Envelope envelope;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--assignment-id", paramLabel = "ID", description = "The assignment's id (uuid).")
        String assignmentId;

        @Option(names = "--campaign", paramLabel = "CAMPAIGN_ID", description = "With NUMBER: the campaign (uuid).")
        String campaignId;

        @Parameters(arity = "0..1", paramLabel = "NUMBER", description = "With --campaign: the assigned number, E.164.")
        String number;

        @Override
        public Integer call() {
            if (assignmentId == null && (campaignId == null || number == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Name --assignment-id, or --campaign and NUMBER");
            }
            return envelope.send(number != null ? number : assignmentId, SignalWireDeleteNumberAssignment.newBuilder()
                    .setAssignmentId(assignmentId).setCampaignId(campaignId).setNumber(number).build());
        }
    }
}
