package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Telnyx's settings of one number, as its public reference splits them: {@code GET/PATCH /phone_numbers/{id}}
 * (connection, tags, customer reference), {@code PATCH /phone_numbers/{id}/messaging} (messaging profile) and
 * {@code GET/PATCH /phone_numbers/{id}/voice} (CNAM listing, emergency). Unknown fields and wrong types are 422;
 * enabling emergency without an address is refused (422), as Telnyx does. Another account's number is 404.
 */
final class TelnyxUpdates {

    private static final Set<String> NUMBER_FIELDS = Set.of("connection_id", "tags", "customer_reference",
            "billing_group_id", "external_pin", "hd_voice_enabled", "address_id");
    private static final Set<String> MESSAGING_FIELDS = Set.of("messaging_profile_id", "messaging_product");
    private static final int MAX_CNAM = 15;

    private final TelnyxStore store;
    private final JsonBodies bodies;
    private final Accounts accounts;
    private final NumberConfigs configs;

    TelnyxUpdates(TelnyxStore store, JsonBodies bodies, Accounts accounts, NumberConfigs configs) {
        this.store = store;
        this.bodies = bodies;
        this.accounts = accounts;
        this.configs = configs;
    }

    Reply get(Call call, String id) {
        final TelnyxStore.Number n = owned(call, id);
        return n == null ? TelnyxApi.failure(404) : Reply.of(200, Map.of("data", shape(n)));
    }

    Reply voice(Call call, String id) {
        final TelnyxStore.Number n = owned(call, id);
        return n == null ? TelnyxApi.failure(404) : Reply.of(200, Map.of("data", voiceShape(n)));
    }

    Reply update(Call call, String id) {
        return updateFields(call, id, NUMBER_FIELDS, "field of this resource");
    }

    Reply updateMessaging(Call call, String id) {
        return updateFields(call, id, MESSAGING_FIELDS, "messaging setting");
    }

    /** A flat PATCH: strings (or null), except {@code tags} (array of strings) and {@code hd_voice_enabled}. */
    private Reply updateFields(Call call, String id, Set<String> allowed, String what) {
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject()) {
            return invalid("the body must be a JSON object", null);
        }
        final Map<String, Object> changes = new LinkedHashMap<>();
        for (var it = body.properties().iterator(); it.hasNext(); ) {
            final var field = it.next();
            final String name = field.getKey();
            final JsonNode value = field.getValue();
            if (!allowed.contains(name)) {
                return invalid(name + " is not a " + what, "/" + name);
            }
            if (name.equals("tags")) {
                if (!value.isArray()) {
                    return invalid("tags must be an array of strings", "/tags");
                }
                final List<String> tags = new ArrayList<>();
                value.forEach(tag -> tags.add(tag.asText()));
                changes.put(name, tags);
            } else if (name.equals("hd_voice_enabled")) {
                if (!value.isBoolean()) {
                    return invalid(name + " must be a boolean", "/" + name);
                }
                changes.put(name, value.booleanValue());
            } else if (!value.isTextual() && !value.isNull()) {
                return invalid(name + " must be a string", "/" + name);
            } else {
                changes.put(name, value.isNull() ? null : value.asText());
            }
        }
        return write(call, id, changes, this::shape);
    }

    Reply updateVoice(Call call, String id) {
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject()) {
            return invalid("the body must be a JSON object", null);
        }
        final Map<String, Object> changes = new LinkedHashMap<>();
        for (var it = body.properties().iterator(); it.hasNext(); ) {
            final var group = it.next();
            final Set<String> allowed = switch (group.getKey()) {
                case "cnam_listing" -> Set.of("cnam_listing_enabled", "cnam_listing_details");
                case "emergency" -> Set.of("emergency_enabled", "emergency_address_id");
                default -> null;
            };
            if (allowed == null || !group.getValue().isObject()) {
                return invalid(group.getKey() + " is not a voice setting", "/" + group.getKey());
            }
            for (var fields = group.getValue().properties().iterator(); fields.hasNext(); ) {
                final var field = fields.next();
                final String name = field.getKey();
                final String pointer = "/" + group.getKey() + "/" + name;
                if (!allowed.contains(name)) {
                    return invalid(name + " is not a field of " + group.getKey(), pointer);
                }
                if (name.endsWith("_enabled") ? !field.getValue().isBoolean() : !field.getValue().isTextual()) {
                    return invalid(name + (name.endsWith("_enabled") ? " must be a boolean" : " must be a string"),
                            pointer);
                }
                if (name.equals("cnam_listing_details") && field.getValue().asText().length() > MAX_CNAM) {
                    return invalid("cnam_listing_details is at most " + MAX_CNAM + " characters", pointer);
                }
                changes.put(name, name.endsWith("_enabled") ? field.getValue().booleanValue()
                        : field.getValue().asText());
            }
        }
        final TelnyxStore.Number n = owned(call, id);
        if (n != null && Boolean.TRUE.equals(changes.get("emergency_enabled"))
                && changes.get("emergency_address_id") == null
                && configs.of(n.phoneNumber()).get("emergency_address_id") == null) {
            return TelnyxApi.failure(422, "10015", "Invalid value",
                    "emergency cannot be enabled without an emergency address", "/emergency/emergency_address_id");
        }
        return write(call, id, changes, this::voiceShape);
    }

    private Reply write(Call call, String id, Map<String, Object> changes,
                        Function<TelnyxStore.Number, Map<String, Object>> shape) {
        final TelnyxStore.Number n = owned(call, id);
        if (n == null) {
            return TelnyxApi.failure(404);
        }
        configs.write(n.phoneNumber(), changes);
        return Reply.of(200, Map.of("data", shape.apply(n)));
    }

    private TelnyxStore.Number owned(Call call, String id) {
        final TelnyxStore.Number n = store.byId(id);
        return n == null || !accounts.owns(Accounts.Kind.TELNYX, call.account(), n.phoneNumber()) ? null : n;
    }

    private Map<String, Object> shape(TelnyxStore.Number n) {
        return TelnyxShapes.phoneNumber(n, "active", configs.of(n.phoneNumber()));
    }

    private Map<String, Object> voiceShape(TelnyxStore.Number n) {
        final Map<String, Object> settings = configs.of(n.phoneNumber());
        final Map<String, Object> cnam = new LinkedHashMap<>();
        cnam.put("cnam_listing_enabled", settings.getOrDefault("cnam_listing_enabled", false));
        cnam.put("cnam_listing_details", settings.get("cnam_listing_details"));
        final Map<String, Object> emergency = new LinkedHashMap<>();
        emergency.put("emergency_enabled", settings.getOrDefault("emergency_enabled", false));
        emergency.put("emergency_address_id", settings.get("emergency_address_id"));
        emergency.put("emergency_status", Boolean.TRUE.equals(settings.get("emergency_enabled")) ? "active"
                : "disabled");
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("record_type", "voice_settings");
        m.put("phone_number", n.phoneNumber());
        m.put("connection_id", settings.getOrDefault("connection_id", n.connectionId()));
        m.put("cnam_listing", cnam);
        m.put("emergency", emergency);
        return m;
    }

    private static Reply invalid(String detail, String pointer) {
        return TelnyxApi.failure(422, "10015", "Invalid value", detail, pointer);
    }
}
