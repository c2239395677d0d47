package dev.numbers.sandbox.cli;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWireListAssignmentOrders;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.topics.TopicNames;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code numbers request <operation>}: one NumberRequest onto the requests topic; prints its request_id. */
@Command(name = "request", mixinStandardHelpOptions = true,
        description = "Produce one number request; prints its request_id on stdout.",
        subcommands = {
                RequestCommand.Purchase.class,
                RequestCommand.CampaignOrder.class,
                RequestCommand.ListOrders.class,
                RequestCommand.TelnyxOrder.class,
                LifecycleRequests.SearchPurchase.class,
                LifecycleRequests.Release.class,
                LifecycleRequests.DeleteAssignment.class,
                ConfigureCommand.class})
public final class RequestCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing operation: purchase, campaign-order, list-orders, telnyx-order, search-purchase, release,"
                        + " delete-assignment or configure");
    }

    /** What every request operation shares: where to send it and the envelope fields. */
    public static final class Envelope {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--topic", paramLabel = "TOPIC",
                defaultValue = "${env:NUMBERS_REQUESTS_TOPIC:-" + TopicNames.REQUESTS + "}",
                description = "Requests topic (default ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--request-id", paramLabel = "ID",
                description = "Idempotency key; a random UUID when not given. Re-sending the same id is answered from "
                        + "the ledger.")
        String requestId;

        @Option(names = "--key", paramLabel = "KEY",
                description = "Record key (ordering); defaults to the number or campaign id.")
        String key;

        @Option(names = "--tenant", paramLabel = "TENANT",
                description = "Tenant copied to the result; picks the account when the connector maps it"
                        + " (connector.accounts.tenants) and no --account is given.")
        String tenant;

        @Option(names = "--account", paramLabel = "NAME",
                description = "Provider account to use (connector.providers.<provider>.accounts.<name>); the"
                        + " tenant's or the provider's default account when not given.")
        String account;

        @Option(names = "--correlation-id", paramLabel = "ID", description = "Correlation id copied to the result.")
        String correlationId;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        int send(final String defaultKey, final Object operation) {
            final var id = requestId == null ? UUID.randomUUID().toString() : requestId;
            final var request = NumberRequest.newBuilder()
                    .setRequestId(id)
                    .setRequestedAt(Instant.now())
                    .setTenant(tenant)
                    .setAccount(account)
                    .setCorrelationId(correlationId)
                    .setOperation(operation)
                    .build();
            final var config = kafka.common();
            config.put("acks", "all");
            config.put("enable.idempotence", "true");
            config.put("max.block.ms", (int) kafka.timeout().toMillis());
            config.put("request.timeout.ms", (int) Math.min(kafka.timeout().toMillis(), 30_000));
            config.put("delivery.timeout.ms", (int) kafka.timeout().toMillis() + 30_000);
            try (var producer = new KafkaProducer<>(config, new StringSerializer(),
                    new ConfluentAvroSerializer<NumberRequest>(kafka.serde()))) {
                final var metadata = producer
                        .send(new ProducerRecord<>(topic, key == null ? defaultKey : key, request))
                        .get(kafka.timeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
                spec.commandLine().getOut().println(id);
                spec.commandLine().getErr().printf("sent %s to %s-%d@%d%n",
                        operation.getClass().getSimpleName(), metadata.topic(), metadata.partition(),
                                metadata.offset());
                return NumbersCli.OK;
            } catch (final ExecutionException e) {
                throw new CliFailure("could not send the request to " + topic + ": "
                        + CliFailure.describe(e.getCause()));
            } catch (final TimeoutException e) {
                throw new CliFailure("Kafka did not acknowledge the request within " + kafka.timeoutSeconds + "s");
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted");
            }
        }
    }

    @Command(name = "purchase", mixinStandardHelpOptions = true,
            description = "SignalWire: purchase one phone number (E.164, e.g. +15551234567).")
    static final class Purchase implements Callable<Integer> {
        @Mixin
        Envelope envelope;

        @Parameters(paramLabel = "NUMBER",
                description = "The number to buy, E.164. Not checked here: the connector rejects invalid numbers.")
        String number;

        @Mixin
        ConfigurationOptions configuration;

        @Override
        public Integer call() {
            return envelope.send(number, SignalWirePurchasePhoneNumber.newBuilder().setNumber(number)
                    .setConfiguration(configuration.signalWire()).build());
        }
    }

    @Command(name = "campaign-order", mixinStandardHelpOptions = true,
            description = "SignalWire 10DLC: assign phone numbers to a campaign.")
    static final class CampaignOrder implements Callable<Integer> {
        @Mixin
        Envelope envelope;

        @Parameters(index = "0", paramLabel = "CAMPAIGN_ID", description = "The campaign's id (uuid).")
        String campaignId;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NUMBER", description = "Numbers to assign, E.164.")
        List<String> numbers;

        @Option(names = "--callback-url", paramLabel = "URL",
                description = "status_callback_url for the order's state changes.")
        String callbackUrl;

        @Override
        public Integer call() {
            return envelope.send(campaignId, SignalWireCreateAssignmentOrder.newBuilder()
                    .setCampaignId(campaignId).setPhoneNumbers(List.copyOf(numbers)).setStatusCallbackUrl(callbackUrl)
                            .build());
        }
    }

    @Command(name = "list-orders", mixinStandardHelpOptions = true,
            description = "SignalWire 10DLC: list a campaign's assignment orders.")
    static final class ListOrders implements Callable<Integer> {
        @Mixin
        Envelope envelope;

        @Parameters(paramLabel = "CAMPAIGN_ID", description = "The campaign's id (uuid).")
        String campaignId;

        @Option(names = "--state", paramLabel = "STATE",
                description = "Only orders in this state (filter_state), e.g. pending.")
        String state;

        @Override
        public Integer call() {
            return envelope.send(campaignId, SignalWireListAssignmentOrders.newBuilder()
                    .setCampaignId(campaignId).setFilterState(state).build());
        }
    }

    @Command(name = "telnyx-order", mixinStandardHelpOptions = true, description = "Telnyx: order phone numbers.")
    static final class TelnyxOrder implements Callable<Integer> {
        @Mixin
        Envelope envelope;

        @Parameters(arity = "1..*", paramLabel = "NUMBER", description = "Numbers to order, E.164.")
        List<String> numbers;

        @Option(names = "--connection-id", paramLabel = "ID", description = "connection_id for the numbers.")
        String connectionId;

        @Option(names = "--messaging-profile-id", paramLabel = "ID",
                description = "messaging_profile_id for the numbers.")
        String messagingProfileId;

        @Option(names = "--billing-group-id", paramLabel = "ID", description = "billing_group_id for the numbers.")
        String billingGroupId;

        @Option(names = "--customer-reference", paramLabel = "REF",
                description = "customer_reference; the connector uses the request_id when not given.")
        String customerReference;

        @Option(names = "--requirement-group-id", paramLabel = "ID",
                description = "requirement_group_id for every number.")
        String requirementGroupId;

        @Option(names = "--bundle-id", paramLabel = "ID", description = "bundle_id for every number.")
        String bundleId;

        @Mixin
        ConfigurationOptions configuration;

        @Override
        public Integer call() {
            final var phoneNumbers = numbers.stream()
                    .map(n -> TelnyxOrderPhoneNumber.newBuilder()
                            .setPhoneNumber(n).setRequirementGroupId(requirementGroupId).setBundleId(bundleId).build())
                    .toList();
            return envelope.send(numbers.getFirst(), TelnyxCreateNumberOrder.newBuilder()
                    .setPhoneNumbers(phoneNumbers)
                    .setConnectionId(connectionId)
                    .setMessagingProfileId(messagingProfileId)
                    .setBillingGroupId(billingGroupId)
                    .setCustomerReference(customerReference)
                    .setConfiguration(configuration.telnyx())
                    .build());
        }
    }
}
