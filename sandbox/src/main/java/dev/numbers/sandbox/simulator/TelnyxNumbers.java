package dev.numbers.sandbox.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Telnyx's {@code /phone_numbers} (list, delete) and {@code /available_phone_numbers} (search). */
final class TelnyxNumbers {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");

    private final Store market;
    private final TelnyxStore store;
    private final Accounts accounts;
    private final NumberConfigs configs;
    private final TelnyxReservations reservations;

    TelnyxNumbers(Store market, TelnyxStore store, Accounts accounts, NumberConfigs configs,
                  TelnyxReservations reservations) {
        this.reservations = reservations;
        this.configs = configs;
        this.market = market;
        this.store = store;
        this.accounts = accounts;
    }

    Reply list(Call call) {
        final String filter = call.query().get("filter[phone_number]");
        final List<Object> data = new ArrayList<>();
        for (TelnyxStore.Number n : store.numbers()) {
            // Each account sees only the numbers it ordered (Accounts).
            if ((filter == null || n.phoneNumber().equals(filter))
                    && accounts.owns(Accounts.Kind.TELNYX, call.account(), n.phoneNumber())) {
                data.add(TelnyxShapes.phoneNumber(n, "active", configs.of(n.phoneNumber())));
            }
        }
        return TelnyxShapes.paged(call, data);
    }

    Reply delete(Call call, String id) {
        final TelnyxStore.Number deleted = store.delete(id,
                owned -> accounts.owns(Accounts.Kind.TELNYX, call.account(), owned.phoneNumber()),
                gone -> {
                    accounts.release(Accounts.Kind.TELNYX, gone.phoneNumber());
                    configs.forget(gone.phoneNumber());
                });
        return deleted == null ? TelnyxApi.failure(404)
                : Reply.of(200, Map.of("data", TelnyxShapes.phoneNumber(deleted, "deleted")));
    }

    // GET /v2/available_phone_numbers with Telnyx's deepObject filters. With a national_destination_code,
    // starts_with applies to the digits after it, as Telnyx documents.
    Reply search(Call call) {
        final Map<String, String> q = call.query();
        final String ndc = q.get("filter[national_destination_code]");
        final String starts = q.get("filter[phone_number][starts_with]");
        final String contains = q.get("filter[phone_number][contains]");
        final String ends = q.get("filter[phone_number][ends_with]");
        for (String digits : Arrays.asList(ndc, starts, contains, ends)) {
            if (digits != null && !DIGITS.matcher(digits).matches()) {
                return TelnyxApi.failure(400, "10015", "Invalid value",
                        "phone number filters must be digits", "/filter");
            }
        }
        final String country = q.getOrDefault("filter[country_code]", "US");
        final String type = q.getOrDefault("filter[phone_number_type]", "local");
        int limit;
        try {
            limit = Math.clamp(Integer.parseInt(q.getOrDefault("filter[limit]", "50")), 1, 100);
        } catch (NumberFormatException e) {
            return TelnyxApi.failure(400, "10015", "Invalid value",
                    "filter[limit] must be an integer", "/filter/limit");
        }
        final List<Object> data = new ArrayList<>();
        if (country.equals("US") && (type.equals("local") || type.equals("toll_free"))) {
            final Inventory.Query query = new Inventory.Query(ndc, type.equals("toll_free"),
                    starts == null ? null : (ndc == null ? "" : ndc) + starts, contains, ends, limit);
            // A number another account holds is not listed, as with filter[exclude_held_numbers].
            for (String number : market.search(query,
                    n -> !store.owns(n) && !reservations.heldByOther(n, call.account()))) {
                data.add(TelnyxShapes.available(number));
            }
        }
        final Map<String, Object> meta = Map.of("total_results", data.size(), "best_effort_results", 0);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("meta", meta);
        body.put("metadata", meta);
        return Reply.of(200, body);
    }
}
