package dev.numbers.sandbox.cli;

import dev.numbers.sandbox.stack.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code numbers} command: produce requests, tail results and order states, ask the bridge about an order.
 *
 * <p>Exit codes are what a shell user expects: 0 done, 1 the command ran and failed (unreachable broker, unknown
 * order), 2 the command line itself was wrong. Failures print one line on stderr, never a stack trace.
 */
@Command(name = "numbers",
        mixinStandardHelpOptions = true,
        version = "numbers 0.1.0",
        description = "Produce number requests and watch results and order states on Kafka.",
        subcommands = {
                RequestCommand.class,
                ResultsCommand.class,
                OrdersCommand.class,
                OrderCommand.class,
                DlqCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class NumbersCli implements Runnable {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    public static void main(final String[] args) {
        // Kafka clients log at INFO on every connect; a CLI user wants only the answer.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/numbers/sandbox/cli/logback-cli.xml");
        }
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams and returns its exit code; what tests and the stack call. */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args) {
        final var commandLine = new CommandLine(new NumbersCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("numbers: " + CliFailure.describe(exception));
            cmd.getErr().flush();
            return FAILURE;
        });
        commandLine.getCommandSpec().exitCodeOnUsageHelp(OK);
        final int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
