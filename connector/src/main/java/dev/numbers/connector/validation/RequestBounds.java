package dev.numbers.connector.validation;

import dev.numbers.connector.outcome.Errors;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.SignalWireConfigurePhoneNumber;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWireListAssignmentOrders;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxConfigurePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks a decoded request against {@link RequestLimits} before anything else looks at it: encoded size, number
 * counts, the length of every string, and a sane {@code requested_at}. Each problem names the field and the limit.
 * Runs before the per-field rules of {@link RequestValidator}, so an absurd list is refused once, not per item.
 */
public final class RequestBounds {

    private final RequestLimits limits;
    private final Clock clock;

    public RequestBounds(final RequestLimits limits, final Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Every bound the request breaks; empty when it may go on to validation. */
    public List<ProviderError> problems(final NumberRequest request, final int encodedBytes) {
        final var problems = new ArrayList<ProviderError>();
        if (encodedBytes > limits.maxRequestBytes()) {
            problems.add(Errors.of("request_too_large", "Request too large", "the record is "
                    + encodedBytes + " bytes; at most " + limits.maxRequestBytes() + " are accepted"
                    + " (connector.limits.max-request-bytes)", "value"));
        }
        text("request_id", request.getRequestId(), problems);
        text("tenant", request.getTenant(), problems);
        text("account", request.getAccount(), problems);
        text("correlation_id", request.getCorrelationId(), problems);
        requestedAt(request.getRequestedAt(), problems);
        switch (request.getOperation()) {
            case SignalWirePurchasePhoneNumber p -> text("operation.number", p.getNumber(), problems);
            case SignalWireCreateAssignmentOrder o -> {
                text("operation.campaign_id", o.getCampaignId(), problems);
                text("operation.status_callback_url", o.getStatusCallbackUrl(), problems);
                count("operation.phone_numbers", o.getPhoneNumbers() == null ? 0 : o.getPhoneNumbers().size(),
                        problems);
                if (o.getPhoneNumbers() != null && o.getPhoneNumbers().size() <= limits.maxNumbersPerOperation()) {
                    for (int i = 0; i < o.getPhoneNumbers().size(); i++) {
                        text("operation.phone_numbers[" + i + "]", o.getPhoneNumbers().get(i), problems);
                    }
                }
            }
            case SignalWireListAssignmentOrders l -> {
                text("operation.campaign_id", l.getCampaignId(), problems);
                text("operation.filter_state", l.getFilterState(), problems);
            }
            case TelnyxCreateNumberOrder t -> {
                text("operation.connection_id", t.getConnectionId(), problems);
                text("operation.messaging_profile_id", t.getMessagingProfileId(), problems);
                text("operation.billing_group_id", t.getBillingGroupId(), problems);
                text("operation.customer_reference", t.getCustomerReference(), problems);
                final var numbers = t.getPhoneNumbers() == null ? List.<TelnyxOrderPhoneNumber>of()
                        : t.getPhoneNumbers();
                count("operation.phone_numbers", numbers.size(), problems);
                if (numbers.size() <= limits.maxNumbersPerOperation()) {
                    for (int i = 0; i < numbers.size(); i++) {
                        final var field = "operation.phone_numbers[" + i + "]";
                        text(field + ".phone_number", numbers.get(i).getPhoneNumber(), problems);
                        text(field + ".requirement_group_id", numbers.get(i).getRequirementGroupId(), problems);
                        text(field + ".bundle_id", numbers.get(i).getBundleId(), problems);
                    }
                }
            }
            case SignalWireConfigurePhoneNumber c -> {
                text("operation.number", c.getNumber(), problems);
                text("operation.phone_number_id", c.getPhoneNumberId(), problems);
            }
            case TelnyxConfigurePhoneNumber c -> {
                text("operation.number", c.getNumber(), problems);
                text("operation.phone_number_id", c.getPhoneNumberId(), problems);
            }
            case null, default -> {
                // Unknown operations are answered by the executor with unknown_operation.
            }
        }
        configuration(request.getOperation(), problems);
        return problems;
    }

    /**
     * Every string of an operation's configuration and the number of its tags: read through the schema, so a
     * setting added to the contract is bounded without a change here.
     */
    private void configuration(final Object operation, final List<ProviderError> problems) {
        if (!(operation instanceof SpecificRecord record) || record.getSchema().getField("configuration") == null
                || !(record.get(record.getSchema().getField("configuration").pos())
                instanceof SpecificRecord configuration)) {
            return;
        }
        for (final var field : configuration.getSchema().getFields()) {
            final var name = "operation.configuration." + field.name();
            switch (configuration.get(field.pos())) {
                case CharSequence value -> text(name, value, problems);
                case List<?> values -> {
                    if (values.size() > limits.maxNumbersPerOperation()) {
                        problems.add(Errors.of("too_many_values", "Too many values", name + " has " + values.size()
                                + " entries; at most " + limits.maxNumbersPerOperation() + " are accepted"
                                + " (connector.limits.max-numbers-per-operation)", name));
                    } else {
                        for (int i = 0; i < values.size(); i++) {
                            text(name + "[" + i + "]", String.valueOf(values.get(i)), problems);
                        }
                    }
                }
                case null, default -> {
                    // Booleans and absent settings have no size.
                }
            }
        }
    }

    private void text(final String field, final CharSequence value, final List<ProviderError> problems) {
        if (value != null && value.length() > limits.maxStringLength()) {
            problems.add(Errors.of("field_too_long", "Field too long", field + " has " + value.length()
                    + " characters; at most " + limits.maxStringLength() + " are accepted"
                    + " (connector.limits.max-string-length)", field));
        }
    }

    private void count(final String field, final int count, final List<ProviderError> problems) {
        if (count > limits.maxNumbersPerOperation()) {
            problems.add(Errors.of("too_many_numbers", "Too many phone numbers", field + " has " + count
                    + " entries; at most " + limits.maxNumbersPerOperation() + " per operation are accepted"
                    + " (connector.limits.max-numbers-per-operation); split the order", field));
        }
    }

    private void requestedAt(final Instant at, final List<ProviderError> problems) {
        final var latest = clock.instant().plus(limits.maxClockSkew());
        if (at == null || at.isBefore(Instant.EPOCH) || at.isAfter(latest)) {
            problems.add(Errors.of("invalid_timestamp", "Timestamp out of range", "requested_at "
                    + at + " is not between " + Instant.EPOCH + " and now + " + limits.maxClockSkew()
                    + " (connector.limits.max-clock-skew)", "requested_at"));
        }
    }
}
