package dev.numbers.sandbox.simulator;

import dev.numbers.schemas.provider.TelnyxNumberOrderWebhook;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Telnyx's v2 resource shapes (seed 003 and the public reference) and its {@code page[...]} paging. */
final class TelnyxShapes {

    static final DateTimeFormatter TIME = TelnyxNumberOrderWebhook.TIME;

    private TelnyxShapes() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static Map<String, Object> order(TelnyxStore.Order o) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id);
        m.put("record_type", "number_order");
        m.put("phone_numbers_count", o.numbers.size());
        m.put("connection_id", o.connectionId);
        m.put("messaging_profile_id", o.messagingProfileId);
        m.put("billing_group_id", o.billingGroupId);
        final List<Object> numbers = new ArrayList<>();
        for (TelnyxStore.OrderNumber n : o.numbers) {
            final Map<String, Object> pn = new LinkedHashMap<>();
            pn.put("id", n.id);
            pn.put("record_type", "number_order_phone_number");
            pn.put("phone_number", n.phoneNumber);
            // Seed 003 echoes the per-number bundle / requirement group the order asked for.
            if (n.bundleId != null) {
                pn.put("bundle_id", n.bundleId);
            }
            if (n.requirementGroupId != null) {
                pn.put("requirement_group_id", n.requirementGroupId);
            }
            pn.put("regulatory_requirements", List.of());
            pn.put("requirements_met", true);
            pn.put("status", n.status());
            numbers.add(pn);
        }
        m.put("phone_numbers", numbers);
        m.put("sub_number_orders_ids", List.of());
        m.put("status", o.status());
        m.put("customer_reference", o.customerReference);
        m.put("created_at", TIME.format(o.createdAt));
        m.put("updated_at", TIME.format(o.updatedAt()));
        m.put("requirements_met", true);
        return m;
    }

    static Map<String, Object> phoneNumber(TelnyxStore.Number n, String status) {
        return phoneNumber(n, status, Map.of());
    }

    /** The number with the settings written to it (PATCH) over those of its order. */
    static Map<String, Object> phoneNumber(TelnyxStore.Number n, String status, Map<String, Object> settings) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("record_type", "phone_number");
        m.put("phone_number", n.phoneNumber());
        m.put("status", status);
        m.put("connection_id", n.connectionId());
        m.put("messaging_profile_id", n.messagingProfileId());
        m.put("customer_reference", n.customerReference());
        m.put("tags", List.of());
        m.put("emergency_enabled", false);
        m.put("emergency_address_id", null);
        m.put("cnam_listing_enabled", false);
        m.put("created_at", TIME.format(n.createdAt()));
        m.put("updated_at", TIME.format(n.createdAt()));
        m.putAll(settings);
        m.remove("cnam_listing_details");
        return m;
    }

    static Map<String, Object> available(String number) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("record_type", "available_phone_number");
        m.put("phone_number", number);
        m.put("vanity_format", "");
        m.put("best_effort", false);
        m.put("quickship", true);
        m.put("reservable", true);
        m.put("region_information", List.of(Map.of("region_type", "country_code", "region_name", "US")));
        m.put("cost_information", Map.of("upfront_cost", "1.00",
                "monthly_cost", "1.00", "currency", "USD"));
        m.put("features", List.of(Map.of("name", "sms"), Map.of("name", "voice")));
        return m;
    }

    static Reply paged(Call call, List<Object> all) {
        int number;
        int size;
        try {
            number = Integer.parseInt(call.queryOr("page[number]", "1"));
            size = Integer.parseInt(call.queryOr("page[size]", "20"));
        } catch (NumberFormatException e) {
            return TelnyxApi.failure(400, "10015", "Invalid value", "page parameters must be integers", "/page");
        }
        number = Math.max(1, number);
        size = Math.clamp(size, 1, 250);
        final int from = (int) Math.min((long) (number - 1) * size, all.size());
        final int to = Math.min(from + size, all.size());
        final Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total_pages", Math.max(1, (all.size() + size - 1) / size));
        meta.put("total_results", all.size());
        meta.put("page_number", number);
        meta.put("page_size", size);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", all.subList(from, to));
        body.put("meta", meta);
        return Reply.of(200, body);
    }
}
