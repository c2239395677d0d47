package dev.numbers.connector.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderMapper;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import dev.numbers.schemas.avro.TelnyxNumberOrderPhoneNumber;
import dev.numbers.schemas.avro.TelnyxRegulatoryRequirement;
import java.util.ArrayList;
import java.util.List;

/** Telnyx JSON ({"data": number_order}, {"errors": [...]}) to our Avro types. */
public final class TelnyxMapper implements ProviderMapper {

    public TelnyxNumberOrder numberOrder(final String body) {
        final var data = Json.parse(body).path("data");
        final var numbers = new ArrayList<TelnyxNumberOrderPhoneNumber>();
        data.path("phone_numbers").forEach(n -> numbers.add(phoneNumber(n)));
        return TelnyxNumberOrder.newBuilder()
                .setId(Json.required(data, "id", "Telnyx"))
                .setStatus(Json.required(data, "status", "Telnyx"))
                .setPhoneNumbersCount(Json.integer(data, "phone_numbers_count"))
                .setPhoneNumbers(numbers)
                .setSubNumberOrdersIds(Json.strings(data, "sub_number_orders_ids"))
                .setCustomerReference(Json.text(data, "customer_reference"))
                .setConnectionId(Json.text(data, "connection_id"))
                .setMessagingProfileId(Json.text(data, "messaging_profile_id"))
                .setBillingGroupId(Json.text(data, "billing_group_id"))
                .setRequirementsMet(Json.bool(data, "requirements_met"))
                .setCreatedAt(Json.instant(data, "created_at"))
                .setUpdatedAt(Json.instant(data, "updated_at"))
                .build();
    }

    private static TelnyxNumberOrderPhoneNumber phoneNumber(final JsonNode n) {
        final var requirements = new ArrayList<TelnyxRegulatoryRequirement>();
        n.path("regulatory_requirements").forEach(r -> requirements.add(TelnyxRegulatoryRequirement.newBuilder()
                .setRequirementId(Json.required(r, "requirement_id", "Telnyx"))
                .setFieldValue(Json.text(r, "field_value"))
                .setFieldType(Json.text(r, "field_type"))
                .build()));
        return TelnyxNumberOrderPhoneNumber.newBuilder()
                .setId(Json.required(n, "id", "Telnyx"))
                .setPhoneNumber(Json.required(n, "phone_number", "Telnyx"))
                .setStatus(Json.text(n, "status"))
                .setRequirementsMet(Json.bool(n, "requirements_met"))
                .setBundleId(Json.text(n, "bundle_id"))
                .setRequirementGroupId(Json.text(n, "requirement_group_id"))
                .setRegulatoryRequirements(requirements)
                .build();
    }

    /** Telnyx errors: {"errors": [{"code", "title", "detail", "source": {"pointer"}}]}. */
    @Override
    public List<ProviderError> errors(final int status, final String body) {
        final var errors = new ArrayList<ProviderError>();
        Json.parse(body).path("errors").forEach(item -> errors.add(ProviderError.newBuilder()
                .setHttpStatus(status)
                .setCode(Json.text(item, "code"))
                .setTitle(Json.text(item, "title"))
                .setDetail(Json.text(item, "detail"))
                .setField(Json.text(item.path("source"), "pointer"))
                .build()));
        if (errors.isEmpty()) {
            errors.add(ProviderError.newBuilder().setHttpStatus(status).setCode(Integer.toString(status))
                    .setTitle("HTTP " + status).setDetail(null).setField(null).build());
        }
        return errors;
    }
}
