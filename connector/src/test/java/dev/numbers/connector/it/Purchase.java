package dev.numbers.connector.it;

import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** One SignalWire purchase request: its request_id and the number it buys. */
record Purchase(String requestId, String number) {

    /**
     * {@code count} purchases of distinct numbers {@code exchange + 0000, 0001, ...}; {@code exchange} is a US area
     * code and exchange such as {@code +1202555}, valid for libphonenumber and for sale at the simulator.
     */
    static List<Purchase> distinct(final String test, final String exchange, final int count) {
        if (count > 10_000) {
            throw new IllegalArgumentException("one exchange has 10,000 numbers");
        }
        return IntStream.range(0, count)
                .mapToObj(i -> new Purchase(test + "-" + i, exchange + String.format("%04d", i)))
                .toList();
    }

    NumberRequest request() {
        return NumberRequest.newBuilder().setRequestId(requestId).setRequestedAt(Instant.now()).setTenant("team-it")
                .setCorrelationId(null)
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build()).build();
    }

    /** How many of {@code purchases} the simulator has sold so far. */
    static int sold(final List<Purchase> purchases, final ProviderSimulator simulator) {
        return (int) purchases.stream().filter(p -> simulator.purchaseCount(p.number()) > 0).count();
    }
}
