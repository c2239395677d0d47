package dev.numbers.connector.provider.signalwire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderMapper;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.PaginationLinks;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ProviderError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** SignalWire JSON (PhoneNumberResponse, Order, OrderListResponse, error bodies) to our Avro types. */
public final class SignalWireMapper implements ProviderMapper {

    public PhoneNumber phoneNumber(final String body) {
        final var json = Json.parse(body);
        return PhoneNumber.newBuilder()
                .setId(Json.required(json, "id", "SignalWire"))
                .setNumber(Json.required(json, "number", "SignalWire"))
                .setName(Json.text(json, "name"))
                .setNumberType(Objects.requireNonNullElse(Json.text(json, "number_type"), "unknown"))
                .setCountryCode(Json.text(json, "country_code"))
                .setCapabilities(Json.strings(json, "capabilities"))
                .setCreatedAt(Json.instant(json, "created_at"))
                .setUpdatedAt(Json.instant(json, "updated_at"))
                .setNextBilledAt(Json.instant(json, "next_billed_at"))
                .build();
    }

    public AssignmentOrder order(final String body) {
        return order(Json.parse(body));
    }

    AssignmentOrder order(final JsonNode json) {
        return AssignmentOrder.newBuilder()
                .setId(Json.required(json, "id", "SignalWire"))
                .setState(Json.text(json, "state"))
                .setProcessedAt(Json.instant(json, "processed_at"))
                .setCreatedAt(Json.instant(json, "created_at"))
                .setUpdatedAt(Json.instant(json, "updated_at"))
                .setStatusCallbackUrl(Json.text(json, "status_callback_url"))
                .build();
    }

    /** The orders of one page, in the provider's order. */
    List<AssignmentOrder> orders(final JsonNode page) {
        // A page without a data array is not an empty page: reading it as one would answer "no orders" wrongly.
        if (!page.path("data").isArray()) {
            throw new IllegalArgumentException("SignalWire list answer has no data array");
        }
        final var orders = new ArrayList<AssignmentOrder>();
        page.path("data").forEach(item -> orders.add(order(item)));
        return orders;
    }

    PaginationLinks links(final JsonNode page) {
        final var links = page.path("links");
        if (!links.isObject()) {
            return null;
        }
        return PaginationLinks.newBuilder()
                .setSelf(Objects.requireNonNullElse(Json.text(links, "self"), ""))
                .setFirst(Objects.requireNonNullElse(Json.text(links, "first"), ""))
                .setNext(blankToNull(Json.text(links, "next")))
                .setPrev(blankToNull(Json.text(links, "prev")))
                .build();
    }

    /** 422 carries errors[] of SpaceApiErrorItem; 401/404/500 carry {"error": "..."}. */
    @Override
    public List<ProviderError> errors(final int status, final String body) {
        final var json = Json.parse(body);
        final var errors = new ArrayList<ProviderError>();
        json.path("errors").forEach(item -> errors.add(ProviderError.newBuilder()
                .setHttpStatus(parseStatus(Json.text(item, "status"), status))
                .setCode(Json.text(item, "code"))
                .setTitle(Json.text(item, "title"))
                .setDetail(Json.text(item, "detail"))
                .setField(Json.text(item, "attribute"))
                .build()));
        if (errors.isEmpty()) {
            errors.add(ProviderError.newBuilder().setHttpStatus(status).setCode(Integer.toString(status))
                    .setTitle(Json.text(json, "error")).setDetail(null).setField(null).build());
        }
        return errors;
    }

    private static Integer parseStatus(final String text, final int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
