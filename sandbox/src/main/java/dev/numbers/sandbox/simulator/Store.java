package dev.numbers.sandbox.simulator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The market both simulated providers sell from: the inventory, the numbers nobody can buy, and how often each number
 * was bought (across both providers, which is what a test of "never buys twice" counts). Each provider keeps what it
 * sold in its own store ({@link SignalWireStore}, {@link TelnyxStore}).
 */
final class Store {

    // Only US numbers are for sale in the simulator.
    private static final Pattern US_NUMBER = Pattern.compile("\\+1\\d{10}");

    private final Inventory inventory = new Inventory();
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> purchases = new ConcurrentHashMap<>();

    /** Sets how many numbers area code {@code areaCode} offers. */
    void inventory(String areaCode, int size) {
        inventory.size(areaCode, size);
    }

    void sellAfterNextSearch(int count) {
        inventory.sellAfterNextSearch(count);
    }

    /** Numbers for sale that match; {@code notSoldYet} says which the asking provider has not sold yet. */
    List<String> search(Inventory.Query query, Predicate<String> notSoldYet) {
        // the race fault sells candidates elsewhere by making them unavailable
        return inventory.search(query, n -> notSoldYet.test(n) && !unavailable.contains(n), unavailable);
    }

    void markUnavailable(String number) {
        unavailable.add(number);
    }

    /** Whether the number could be bought at all (a US number nobody made unavailable). */
    boolean forSale(String number) {
        return isUsNumber(number) && !unavailable.contains(number);
    }

    static boolean isUsNumber(String number) {
        return US_NUMBER.matcher(number).matches();
    }

    void countPurchase(String number) {
        purchases.computeIfAbsent(number, n -> new AtomicInteger()).incrementAndGet();
    }

    int purchaseCount(String number) {
        final AtomicInteger count = purchases.get(number);
        return count == null ? 0 : count.get();
    }

    /** Purchases per number, sorted by number. */
    Map<String, Object> purchases() {
        final Map<String, Object> out = new TreeMap<>();
        purchases.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
