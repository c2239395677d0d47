package dev.numbers.connector;

import dev.numbers.connector.config.StartupErrors;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;

/** Starts the connector: configuration is validated, then the request loop runs until shutdown. */
public final class Application {

    /** Distinct from a crash's exit code, so a supervisor can tell "fix the configuration" from "restart me". */
    private static final int CANNOT_START = 2;

    private Application() {
    }

    public static void main(final String[] args) {
        GracefulExit.onTerm();
        new Launcher().args(args).mainClass(Application.class).banner(false).start();
    }

    /** Micronaut would log the injection stack trace; the user needs the key to fix, by the name they set it with. */
    private static final class Launcher extends Micronaut {
        @Override
        protected void handleStartupException(final Environment environment, final Throwable failure) {
            StartupErrors.describe(failure).forEach(line -> System.err.println("numbers-connector cannot start: "
                    + line));
            System.exit(CANNOT_START);
        }
    }
}
