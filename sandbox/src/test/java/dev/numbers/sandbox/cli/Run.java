package dev.numbers.sandbox.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One CLI invocation's exit code and output, captured. */
record Run(int code, String out, String err) {

    static Run of(final String... args) {
        final var out = new StringWriter();
        final var err = new StringWriter();
        final int code = NumbersCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
