package dev.numbers.sandbox.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** SignalWire's {@code GET /phone_numbers/search}: numbers for sale from the shared inventory. */
final class SignalWireSearch {

    private static final Pattern SEARCH_DIGITS = Pattern.compile("\\d{3,7}");

    private final Store market;
    private final SignalWireStore store;

    SignalWireSearch(Store market, SignalWireStore store) {
        this.market = market;
        this.store = store;
    }

    // The spec documents no 4xx for search, so a malformed pattern finds nothing and a malformed max_results falls
    // back to the default rather than failing the call.
    Reply search(Call call) {
        final String starts = call.query().get("starts_with");
        final String contains = call.query().get("contains");
        final String ends = call.query().get("ends_with");
        final long patterns = Stream.of(starts, contains, ends).filter(Objects::nonNull).count();
        final boolean validPatterns = patterns <= 1 && Stream.of(starts, contains, ends)
                .allMatch(p -> p == null || SEARCH_DIGITS.matcher(p).matches());
        int max;
        try {
            max = Math.clamp(Integer.parseInt(call.queryOr("max_results", "50")), 1, 100);
        } catch (NumberFormatException e) {
            max = 50;
        }
        final boolean tollFree = "toll-free".equals(call.query().get("number_type"));
        final List<Object> data = new ArrayList<>();
        if (validPatterns) {
            final Inventory.Query query = new Inventory.Query(call.query().get("areacode"), tollFree, starts, contains,
                    ends, max);
            for (String number : market.search(query, n -> !store.owns(n))) {
                data.add(tollFree ? Map.of("number", number, "capabilities", SignalWireShapes.capabilities())
                        : Map.of("number", number, "region", "CA", "city", "Simulated",
                                "capabilities", SignalWireShapes.capabilities()));
            }
        }
        return Reply.of(200, Map.of("data", data));
    }
}
