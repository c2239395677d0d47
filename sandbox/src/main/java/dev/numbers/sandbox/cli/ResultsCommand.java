package dev.numbers.sandbox.cli;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.topics.TopicNames;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code numbers results}: one line per NumberResult. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print the results topic from the beginning (one line per result); --follow keeps watching.")
public final class ResultsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TailOptions tail;

    @Option(names = "--topic", paramLabel = "TOPIC",
            defaultValue = "${env:NUMBERS_RESULTS_TOPIC:-" + TopicNames.RESULTS + "}",
            description = "Results topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--request-id", paramLabel = "ID", description = "Only the result of this request.")
    String requestId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final var printed = new TopicTail<>(kafka, topic, NumberResult.class).print(
                spec.commandLine().getOut(), spec.commandLine().getErr(), tail.follow, tail.limit,
                r -> requestId == null || requestId.equals(r.getRequestId()),
                r -> tail.json ? r.toString() : line(r));
        return tail.outcome(printed);
    }

    public static String line(final NumberResult result) {
        final var errors = result.getErrors().stream().map(ResultsCommand::error).collect(Collectors.joining("; "));
        return "result %s %s %s %s attempts=%d%s%s%s%s".formatted(
                result.getRequestId(), result.getStatus(), result.getProvider(), result.getOperation(),
                result.getAttempts(),
                result.getAccount() == null ? "" : " account=" + result.getAccount(),
                result.getReconciled() ? " reconciled" : "",
                result.getConfiguration() == null ? "" : " configuration=" + result.getConfiguration().getState()
                        + result.getConfiguration().getChangedFields(),
                errors.isEmpty() ? "" : " errors=[" + errors + "]");
    }

    private static String error(final ProviderError error) {
        return String.join(" ", Stream.of(
                        error.getHttpStatus() == null ? null : String.valueOf(error.getHttpStatus()),
                        error.getCode() == null ? null : String.valueOf(error.getCode()),
                        error.getTitle() == null ? null : String.valueOf(error.getTitle()),
                        error.getDetail() == null ? null : String.valueOf(error.getDetail()))
                .filter(Objects::nonNull).toList());
    }
}
