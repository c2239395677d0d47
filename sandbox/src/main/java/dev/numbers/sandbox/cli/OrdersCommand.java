package dev.numbers.sandbox.cli;

import dev.numbers.schemas.avro.OrderStateEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code numbers orders}: one line per order-state change. */
@Command(name = "orders", mixinStandardHelpOptions = true,
        description = "Print order-state events from the beginning; --follow keeps watching.")
public final class OrdersCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TailOptions tail;

    @Option(names = "--topic", paramLabel = "TOPIC",
            defaultValue = "${env:NUMBERS_ORDER_STATES_TOPIC:-numbers.order-states}",
            description = "Order-states topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--order-id", paramLabel = "ID", description = "Only events of this order.")
    String orderId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final var printed = new TopicTail<>(kafka, topic, OrderStateEvent.class).print(
                spec.commandLine().getOut(), spec.commandLine().getErr(), tail.follow, tail.limit,
                e -> orderId == null || orderId.equals(e.getOrderId()),
                e -> tail.json ? e.toString() : line(e));
        return tail.outcome(printed);
    }

    public static String line(final OrderStateEvent event) {
        return "order %s %s %s %s -> %s%s%s%s (%s, %s)".formatted(
                event.getOrderId(), event.getProvider(), event.getCategory(),
                event.getPreviousState() == null ? "(new)" : event.getPreviousState(), event.getState(),
                event.getPhoneNumber() == null ? "" : " number=" + event.getPhoneNumber(),
                event.getCampaignId() == null ? "" : " campaign=" + event.getCampaignId(),
                event.getRequestId() == null ? "" : " request=" + event.getRequestId(),
                event.getSource(), TopicTail.time(event.getEventAt()));
    }
}
