package dev.numbers.sandbox.cli;

import picocli.CommandLine.Option;

/** How a tailing command reads: once to the end, or following; plain lines or Avro JSON. */
public final class TailOptions {

    @Option(names = {"-f", "--follow"}, description = "Keep printing new records until Ctrl-C.")
    boolean follow;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Stop after N printed records (0: no limit).")
    int limit;

    @Option(names = "--json", description = "Print each record as Avro JSON instead of one summary line.")
    boolean json;

    @Option(names = "--expect", paramLabel = "N", defaultValue = "0",
            description = "Exit 1 unless at least N records were printed (for scripts).")
    int expect;

    int outcome(final int printed) {
        if (printed < expect) {
            throw new CliFailure("expected at least " + expect + " records, found " + printed);
        }
        return NumbersCli.OK;
    }
}
