package dev.numbers.sandbox.simulator;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A provider's routing table: method and path pattern to endpoint, first match wins. */
final class Routes {

    /** {@code path} has at most one group: the resource id the handler needs. */
    record Route(String method, Pattern path, Endpoint endpoint) {
    }

    private final List<Route> table;

    Routes(List<Route> table) {
        this.table = List.copyOf(table);
    }

    static Route route(String method, String pathRegex, Endpoint endpoint) {
        return new Route(method, Pattern.compile(pathRegex), endpoint);
    }

    Endpoint match(String method, String path) {
        for (Route r : table) {
            if (r.method().equals(method) && r.path().matcher(path).matches()) {
                return r.endpoint();
            }
        }
        return null;
    }

    /** The id in {@code path} for an endpoint this table routed. */
    String id(Endpoint endpoint, String path) {
        for (Route r : table) {
            final Matcher m = r.path().matcher(path);
            if (r.endpoint() == endpoint && m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalArgumentException(endpoint + " " + path);
    }
}
