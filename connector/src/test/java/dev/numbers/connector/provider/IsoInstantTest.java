package dev.numbers.connector.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    /** What the formatter makes of {@code text}: its instant, or null where it throws. */
    private static Instant formatter(final String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException notIso) {
            return null;
        }
    }

    private static Instant fast(final String text) {
        try {
            return IsoInstant.parse(text);
        } catch (RuntimeException notIso) {
            return null;
        }
    }

    @Test
    void theUsualShapesAndTheirNeighboursMeanWhatTheFormatterSays() {
        final var texts = new ArrayList<>(List.of("2025-03-01T12:00:00Z", "2025-03-01T12:00:00.1Z",
                "2025-03-01T12:00:00.123456789Z", "2025-03-01T12:00:00.1234567890Z", "2025-03-01T12:00:00+01:00",
                "2025-03-01T12:00:00.5-05:30", "2025-03-01T12:00:00-00:00", "2025-03-01T12:00:00+18:00",
                "2025-03-01T12:00:00+18:01", "2025-03-01T12:00:00+19:00", "2024-02-29T00:00:00Z",
                "2025-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-13-01T00:00:00Z", "2025-03-01T24:00:00Z",
                "2025-03-01T23:60:00Z", "2025-03-01T23:59:60Z", "2025-03-01T12:00:00", "2025-03-01T12:00:00.Z",
                "2025-03-01t12:00:00z", "2025-03-01T12:00:00+01:00:30", "2025-03-01T12:00Z", "0000-01-01T00:00:00Z",
                "2025-03-01T12:00:00+0100", "2025-03-01T12:00:00 Z", "+12025-03-01T12:00:00Z", "garbage",
                "2025-03-01T1a:00:00Z", "2025-03-01T12:00:00.12a Z"));
        final var random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            final var fraction = random.nextInt(11);
            final var offset = switch (random.nextInt(4)) {
                case 0 -> "Z";
                case 1 -> String.format("+%02d:%02d", random.nextInt(20), random.nextInt(61));
                case 2 -> String.format("-%02d:%02d", random.nextInt(20), random.nextInt(61));
                default -> "";
            };
            texts.add(String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(10_000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61),
                    fraction == 0 ? "" : "." + Long.toString(Math.abs(random.nextLong())).substring(0, fraction),
                    offset));
        }

        for (final var text : texts) {
            assertThat(fast(text)).as(text).isEqualTo(formatter(text));
        }
    }
}
