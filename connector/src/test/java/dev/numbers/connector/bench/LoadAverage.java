package dev.numbers.connector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1/5/15-minute load average: on a shared machine the figures mean little without it. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String now() {
        try {
            final var fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
