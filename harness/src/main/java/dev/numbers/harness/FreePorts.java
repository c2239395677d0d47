package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports nobody listens on, so the parts start beside other software.
 *
 * <p>Below the kernel's ephemeral range, on purpose: a port the kernel handed out for {@code bind(0)} is free again
 * once the probe closes, and the next outgoing connection (a Kafka client's, the registry's) may take it as its local
 * port before the service binds it ("Address already in use": a CI run failed so). Outgoing connections never take a
 * port below that range, and this JVM never hands out the same port twice.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;
    private static final int SPAN = 12_000;
    private static final int TRIES = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        final int below = ephemeralLow();
        final int from = Math.max(1024, below - SPAN);
        for (int i = 0; i < TRIES && below > from; i++) {
            final int port = ThreadLocalRandom.current().nextInt(from, below);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        return anyEphemeral();
    }

    /** The lowest port the kernel gives outgoing connections (Linux), else the IANA default. */
    static int ephemeralLow() {
        try {
            if (Files.isReadable(EPHEMERAL_RANGE)) {
                // Read a line, not the whole file: a procfs file reports size 0 and readString got one byte of it.
                try (var reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
                    return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // the default below
        }
        return DEFAULT_EPHEMERAL_LOW;
    }

    private static boolean bindable(final int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static int anyEphemeral() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
