package dev.numbers.sandbox.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Numbers for sale, per area code and number type: area code {@code A} offers {@code +1A2000000}, {@code +1A2000001},
 * ... up to its size (50 unless set). A number is for sale while no account owns it and nobody else bought it
 * ({@link Store#unavailable}). Toll-free area codes (8XX) are the toll-free inventory; every other code is local.
 */
final class Inventory {

    static final int DEFAULT_SIZE = 50;
    static final List<String> TOLL_FREE = List.of("800", "833", "844", "855", "866", "877", "888");
    private static final String DEFAULT_LOCAL = "555";

    /** What a search asks for; {@code pattern} digits match the 10-digit national number. */
    record Query(String areaCode, boolean tollFree, String startsWith, String contains, String endsWith, int limit) {
    }

    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    // One-shot race fault: the next search's first N candidates are sold to someone else right after it answers.
    private final AtomicInteger soldAfterNextSearch = new AtomicInteger();

    void size(String areaCode, int size) {
        sizes.put(areaCode, Math.max(0, size));
    }

    void sellAfterNextSearch(int count) {
        soldAfterNextSearch.set(Math.max(0, count));
    }

    void clear() {
        sizes.clear();
        soldAfterNextSearch.set(0);
    }

    /** The matching numbers still for sale, in inventory order; applies (and disarms) the race fault. */
    List<String> search(Query query, Predicate<String> forSale, Set<String> soldElsewhere) {
        final List<String> codes = query.areaCode() != null ? List.of(query.areaCode())
                : query.tollFree() ? TOLL_FREE : List.of(DEFAULT_LOCAL);
        final List<String> found = new ArrayList<>();
        for (String code : codes) {
            if (TOLL_FREE.contains(code) != query.tollFree()) {
                continue;
            }
            final int size = sizes.getOrDefault(code, DEFAULT_SIZE);
            for (int i = 0; i < size && found.size() < query.limit(); i++) {
                final String national = code + (2_000_000 + i);
                final String number = "+1" + national;
                if (matches(query, national) && forSale.test(number)) {
                    found.add(number);
                }
            }
        }
        final int race = soldAfterNextSearch.getAndSet(0);
        for (int i = 0; i < Math.min(race, found.size()); i++) {
            soldElsewhere.add(found.get(i));
        }
        return found;
    }

    private static boolean matches(Query q, String national) {
        return (q.startsWith() == null || national.startsWith(q.startsWith()))
                && (q.contains() == null || national.contains(q.contains()))
                && (q.endsWith() == null || national.endsWith(q.endsWith()));
    }
}
