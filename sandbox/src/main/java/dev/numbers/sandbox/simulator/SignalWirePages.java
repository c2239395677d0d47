package dev.numbers.sandbox.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SignalWire's paging: {@code page_number}/{@code page_size} (or {@code page_token}) and {@code links}. */
final class SignalWirePages {

    private SignalWirePages() {
    }

    static Reply page(Call call, List<Object> all) {
        final int size;
        final int number;
        try {
            size = Integer.parseInt(call.queryOr("page_size", "50"));
            number = Integer.parseInt(call.queryOr("page_number", call.queryOr("page_token", "0")));
        } catch (NumberFormatException e) {
            return SignalWireApi.failure(400);
        }
        if (size < 1 || size > 1000 || number < 0) {
            return SignalWireApi.failure(400);
        }
        final int from = (int) Math.min((long) number * size, all.size());
        final int to = Math.min(from + size, all.size());
        final Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", link(call, number, size));
        links.put("first", link(call, 0, size));
        if (to < all.size()) {
            links.put("next", link(call, number + 1, size));
        }
        if (number > 0) {
            links.put("prev", link(call, number - 1, size));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", links);
        body.put("data", all.subList(from, to));
        return Reply.of(200, body);
    }

    private static String link(Call call, int page, int size) {
        final StringBuilder link = new StringBuilder(SignalWireApi.BASE).append(call.path()).append('?');
        call.query().forEach((k, v) -> {
            if (!k.equals("page_number") && !k.equals("page_size") && !k.equals("page_token")) {
                link.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return link.append("page_number=").append(page).append("&page_size=").append(size).toString();
    }
}
