package dev.numbers.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsComeFromBelowTheEphemeralRangeAreBindableAndNeverRepeat() throws IOException {
        final int ephemeralLow = FreePorts.ephemeralLow();
        final var seen = new HashSet<Integer>();
        for (int i = 0; i < 50; i++) {
            final int port = FreePorts.next();
            assertThat(port).as("below the range outgoing connections take their ports from")
                    .isLessThan(ephemeralLow).isGreaterThanOrEqualTo(1024);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
