package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.schemas.phone.E164;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Telnyx number reservations ({@code POST/GET /number_reservations}, {@code GET /number_reservations/{id}},
 * {@code POST /number_reservations/{id}/actions/extend}), as Telnyx's reference describes them: each number is held
 * for its account until {@code expired_at} (30 minutes by default, {@link #ttl(Duration)} in tests); while held,
 * another account's search does not list it and its order for it fails. Past {@code expired_at} the hold is gone
 * and the number is for sale again; an expired reservation lists its numbers as {@code expired}.
 */
final class TelnyxReservations {

    /** One reservation request; its numbers are held together and expire together. */
    private static final class Reservation {
        final String id = UUID.randomUUID().toString();
        final String account;
        final String customerReference;
        final Instant createdAt;
        /** Number → its status in this reservation: success, or failure when it could not be held. */
        final Map<String, String> numbers = new LinkedHashMap<>();
        volatile Instant expiresAt;

        Reservation(String account, String customerReference, Instant createdAt, Instant expiresAt) {
            this.account = account;
            this.customerReference = customerReference;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }

        boolean active(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    private final Store market;
    private final TelnyxStore store;
    private final JsonBodies bodies;
    private final Map<String, Reservation> byId = new ConcurrentHashMap<>();
    /** The reservation that holds each number now (or held it last). */
    private final Map<String, Reservation> holds = new ConcurrentHashMap<>();
    private volatile Duration ttl = Duration.ofMinutes(30);

    TelnyxReservations(Store market, TelnyxStore store, JsonBodies bodies) {
        this.market = market;
        this.store = store;
        this.bodies = bodies;
    }

    /** How long a reservation holds its numbers (and an extension adds). */
    void ttl(Duration ttl) {
        this.ttl = ttl;
    }

    /** Whether an account other than {@code account} holds {@code number} now. */
    boolean heldByOther(String number, String account) {
        final Reservation r = holds.get(number);
        return r != null && r.active(Instant.now()) && !r.account.equals(account);
    }

    /** Whether any account holds {@code number} now. */
    boolean held(String number) {
        final Reservation r = holds.get(number);
        return r != null && r.active(Instant.now());
    }

    Reply create(Call call) {
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject() || !body.path("phone_numbers").isArray()
                || body.get("phone_numbers").isEmpty()) {
            return TelnyxApi.failure(422, "10015", "Invalid value", "phone_numbers must list at least one number",
                    "/phone_numbers");
        }
        final Instant now = TelnyxShapes.now();
        final Reservation reservation = new Reservation(call.account(), JsonBodies.text(body, "customer_reference"),
                now, now.plus(ttl));
        for (JsonNode n : body.get("phone_numbers")) {
            final String phone = n.path("phone_number").asText("");
            if (!E164.matches(phone)) {
                return TelnyxApi.failure(422, "10015", "Invalid value", "phone_number must be E.164",
                        "/phone_numbers/phone_number");
            }
            reservation.numbers.put(phone, "failure");
        }
        // Check and hold under one lock, so two accounts racing for one number hold it once.
        synchronized (this) {
            for (String phone : reservation.numbers.keySet()) {
                if (market.forSale(phone) && !store.owns(phone) && !heldByOther(phone, call.account())) {
                    reservation.numbers.put(phone, "success");
                    holds.put(phone, reservation);
                }
            }
        }
        byId.put(reservation.id, reservation);
        return Reply.of(200, Map.of("data", shape(reservation)));
    }

    Reply list(Call call) {
        final String reference = call.query().get("filter[customer_reference]");
        final List<Object> data = new ArrayList<>();
        for (Reservation r : byId.values()) {
            if (r.account.equals(call.account()) && (reference == null || reference.equals(r.customerReference))) {
                data.add(shape(r));
            }
        }
        return TelnyxShapes.paged(call, data);
    }

    Reply get(Call call, String id) {
        final Reservation r = byId.get(id);
        return r == null || !r.account.equals(call.account()) ? TelnyxApi.failure(404)
                : Reply.of(200, Map.of("data", shape(r)));
    }

    /** Holds the numbers for another {@code ttl} from now; an expired reservation cannot be extended. */
    Reply extend(Call call, String id) {
        final Reservation r = byId.get(id);
        if (r == null || !r.account.equals(call.account())) {
            return TelnyxApi.failure(404);
        }
        if (!r.active(Instant.now())) {
            return TelnyxApi.failure(422, "10015", "Invalid value", "the reservation has expired", null);
        }
        r.expiresAt = TelnyxShapes.now().plus(ttl);
        return Reply.of(200, Map.of("data", shape(r)));
    }

    private Map<String, Object> shape(Reservation r) {
        final boolean active = r.active(Instant.now());
        final List<Object> numbers = new ArrayList<>();
        r.numbers.forEach((phone, status) -> {
            final Map<String, Object> n = new LinkedHashMap<>();
            n.put("record_type", "reserved_phone_number");
            n.put("phone_number", phone);
            n.put("status", status.equals("success") && !active ? "expired" : status);
            n.put("expired_at", TelnyxShapes.TIME.format(r.expiresAt));
            n.put("created_at", TelnyxShapes.TIME.format(r.createdAt));
            numbers.add(n);
        });
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id);
        m.put("record_type", "number_reservation");
        m.put("status", r.numbers.containsValue("success") ? "success" : "failure");
        m.put("customer_reference", r.customerReference);
        m.put("phone_numbers", numbers);
        m.put("created_at", TelnyxShapes.TIME.format(r.createdAt));
        return m;
    }
}
