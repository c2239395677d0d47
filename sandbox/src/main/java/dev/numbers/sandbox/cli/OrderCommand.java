package dev.numbers.sandbox.cli;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code numbers order <id>}: the bridge's current state of one order (GET /orders/{id}). */
@Command(name = "order", mixinStandardHelpOptions = true,
        description = "Ask the callback bridge for an order's current state (GET /orders/{id}).")
public final class OrderCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ORDER_ID", description = "The provider's order id.")
    String orderId;

    @Option(names = "--bridge-url", paramLabel = "URL",
            defaultValue = "${env:NUMBERS_BRIDGE_URL:-http://localhost:8091}",
            description = "Base URL of the callback bridge's management port, where /orders is served "
                    + "(env NUMBERS_BRIDGE_URL, default ${DEFAULT-VALUE}).")
    String bridgeUrl;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "HTTP timeout (default ${DEFAULT-VALUE}s).")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final var base = bridgeUrl.endsWith("/") ? bridgeUrl.substring(0, bridgeUrl.length() - 1) : bridgeUrl;
        final URI uri;
        try {
            uri = URI.create(base + "/orders/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8).replace("+",
                    "%20"));
        } catch (final IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid --bridge-url: " + bridgeUrl);
        }
        final var timeout = Duration.ofSeconds(timeoutSeconds);
        try (var client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            final var response = client.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return switch (response.statusCode()) {
                case 200 -> {
                    spec.commandLine().getOut().println(response.body());
                    yield NumbersCli.OK;
                }
                case 404 -> throw new CliFailure("order " + orderId + " is not known to the bridge at " + base);
                default -> throw new CliFailure("bridge at " + base + " answered " + response.statusCode()
                        + (response.body().isBlank() ? "" : ": " + abbreviate(response.body())));
            };
        } catch (final ConnectException e) {
            throw new CliFailure("cannot reach the bridge at " + base + " (connection refused)");
        } catch (final HttpTimeoutException e) {
            throw new CliFailure("the bridge at " + base + " did not answer within " + timeoutSeconds + "s");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    private static String abbreviate(final String body) {
        final var oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
