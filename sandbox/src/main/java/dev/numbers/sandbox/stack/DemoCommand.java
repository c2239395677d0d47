package dev.numbers.sandbox.stack;

import dev.numbers.sandbox.cli.NumbersCli;
import dev.numbers.sandbox.cli.OrdersCommand;
import dev.numbers.sandbox.cli.ResultsCommand;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.topics.TopicNames;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code numbers demo}: the whole system on loopback ports, six sample requests sent with the CLI itself, and a
 * running display of requests becoming results and orders moving through their states.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start broker, registry, simulator, connector and bridge locally, send sample requests and watch"
                + " them.")
public final class DemoCommand implements Callable<Integer> {

    /** States after which an order does not change any more (SignalWire and Telnyx vocabularies). */
    static final Set<String> FINAL_STATES = Set.of("completed", "processed", "failed", "success", "failure",
            "cancelled");

    @Option(names = "--once", description = "Exit when every sample request has a result and an order is final.")
    boolean once;

    @Option(names = "--secured", description = "Kafka with only a SASL_SSL listener (SCRAM users) and the registry"
            + " behind nginx with TLS and basic auth (needs nginx installed), as on a secured production cluster.")
    boolean secured;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where broker data and logs go (default: a new temporary folder).")
    Path dataDir;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "180",
            description = "With --once: how long to wait for results and a final order (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final var out = spec.commandLine().getOut();
        final var dir = dataDir != null ? dataDir : Files.createTempDirectory("numbers-demo-");
        final var stopped = new CountDownLatch(1);
        final var stack = LocalStack.start(StackConfig.from(dir, secured), out);
        final var hook = new Thread(() -> {
            out.println("stopping ...");
            stack.close();
            out.println("stopped.");
            out.flush();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.printf("%nthe stack is up. Use the CLI against it:%n  export NUMBERS_BOOTSTRAP=%s NUMBERS_REGISTRY_URL"
                    + "=%s NUMBERS_BRIDGE_URL=%s%s%n%n",
                    stack.bootstrapServers(), stack.registryUrl(), stack.bridgeManagementUrl(),
                    secured ? " NUMBERS_CLIENT_CONFIG=" + stack.cliConnection().getLast() : "");
            if (!once) {
                out.println("running until Ctrl-C (which stops everything) ...");
            }
            final var samples = sendSamples(stack, out);
            final boolean done = watch(stack, samples, out) && resultsCommandShows(stack, samples, out);
            if (once) {
                if (!stack.complete()) {
                    out.println("DEMO INCOMPLETE: not started: " + String.join("; ", stack.missing()));
                }
                return done ? NumbersCli.OK : NumbersCli.FAILURE;
            }
            stopped.await();
            return NumbersCli.OK;
        } finally {
            if (once) {
                Runtime.getRuntime().removeShutdownHook(hook);
                out.println("stopping ...");
                stack.close();
                out.println("stopped.");
            }
        }
    }

    /**
     * The same results as the user sees them with {@code numbers results}: the CLI reading what the connector wrote.
     */
    private static boolean resultsCommandShows(final LocalStack stack, final Map<String, String> samples,
            final PrintWriter out) {
        final var printed = new StringWriter();
        final var err = new StringWriter();
        final int code = NumbersCli.execute(new PrintWriter(printed), new PrintWriter(err),
                withConnection(stack, "results"));
        out.println("$ numbers results");
        printed.toString().lines().forEach(line -> out.println("  " + line));
        final boolean all = code == 0 && samples.keySet().stream().allMatch(id -> printed.toString().contains("result "
                + id + " "));
        if (!all) {
            out.println("DEMO FAILED: numbers results exited " + code + " without every sample's result "
                    + err.toString().strip());
        }
        out.flush();
        return all;
    }

    /** Sends the samples with the CLI itself; returns request_id → what it is. */
    private static Map<String, String> sendSamples(final LocalStack stack, final PrintWriter out) {
        final var samples = new LinkedHashMap<String, String>();
        final List<List<String>> commands = List.of(
                List.of("purchase", "+12025550123"),
                List.of("purchase", "+1555"),
                List.of("campaign-order", LocalStack.DEMO_CAMPAIGN, "+12025550124", "+12025550125"),
                List.of("telnyx-order", "+19705555098"),
                // The lifecycle past a first purchase: buy by criteria, and give a number back (keyed by the number,
                // so it follows its purchase on the same partition).
                List.of("search-purchase", "--areacode", "415", "--ends-with", "0042"),
                // A number ready to use: bought and pointed at a Relay topic in one request.
                List.of("purchase", "+12025550126", "--set", "call_handler=relay_topic", "--set",
                        "call_relay_topic=office"),
                List.of("release", "+12025550123"));
        for (final var command : commands) {
            final var args = new ArrayList<String>(List.of("request"));
            args.addAll(command);
            args.addAll(stack.cliConnection());
            final var id = new StringWriter();
            final var err = new StringWriter();
            final int code = NumbersCli.execute(new PrintWriter(id), new PrintWriter(err), args.toArray(String[]::new));
            final var what = String.join(" ", command);
            if (code != 0) {
                out.println("request FAILED to send: numbers request " + what + ": " + err.toString().strip());
                continue;
            }
            samples.put(id.toString().strip(), what);
            out.println("sent    numbers request " + what + "  ->  request_id " + id.toString().strip());
        }
        out.flush();
        return samples;
    }

    /** Prints results and order states as they arrive; true once every sample has a result and an order is final. */
    private boolean watch(final LocalStack stack, final Map<String, String> samples, final PrintWriter out) {
        final Map<String, Object> config = stack.cliCluster().kafka();
        config.put("client.id", "numbers-demo");
        final var registry = stack.cliCluster().serde();
        final var results = new ConfluentAvroDeserializer<>(NumberResult.class, registry);
        final var orders = new ConfluentAvroDeserializer<>(OrderStateEvent.class, registry);
        final Set<String> answered = new TreeSet<>();
        final Set<String> finalOrders = new TreeSet<>();
        final var deadline = Instant.now().plusSeconds(waitSeconds);
        boolean reported = false;
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            final var partitions = new ArrayList<TopicPartition>();
            for (final var topic : List.of(TopicNames.RESULTS, TopicNames.ORDER_STATES)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(),
                        p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!Thread.currentThread().isInterrupted()) {
                for (final var record : consumer.poll(Duration.ofMillis(250))) {
                    try {
                        if (record.topic().equals(TopicNames.RESULTS)) {
                            final var result = results.deserialize(record.topic(), record.value());
                            answered.add(result.getRequestId());
                            out.printf("[%d/%d results] %s  (%s)%n", count(answered, samples), samples.size(),
                                    ResultsCommand.line(result), samples.getOrDefault(result.getRequestId(),
                                            "not a sample"));
                        } else {
                            final var event = orders.deserialize(record.topic(), record.value());
                            if (FINAL_STATES.contains(event.getState())) {
                                finalOrders.add(event.getOrderId());
                            }
                            out.printf("[%d final orders] %s%n", finalOrders.size(), OrdersCommand.line(event));
                        }
                    } catch (final RuntimeException e) {
                        out.println("skipped an unreadable record on " + record.topic() + ": " + e.getMessage());
                    }
                    out.flush();
                }
                final boolean done = count(answered, samples) == samples.size() && !samples.isEmpty()
                        && !finalOrders.isEmpty();
                if (done && !reported) {
                    out.printf("DEMO OK: %d/%d sample requests have results, %d order(s) reached a final state%n",
                            samples.size(), samples.size(), finalOrders.size());
                    out.flush();
                    reported = true;
                }
                if (once && (done || Instant.now().isAfter(deadline))) {
                    if (!done) {
                        out.printf("DEMO FAILED: after %ds %d/%d sample requests have results, %d order(s) final%n",
                                waitSeconds, count(answered, samples), samples.size(), finalOrders.size());
                    }
                    return done;
                }
            }
        }
        return reported;
    }

    private static String[] withConnection(final LocalStack stack, final String command) {
        final var args = new ArrayList<String>(List.of(command));
        args.addAll(stack.cliConnection());
        return args.toArray(String[]::new);
    }

    private static long count(final Set<String> answered, final Map<String, String> samples) {
        return samples.keySet().stream().filter(answered::contains).count();
    }
}
