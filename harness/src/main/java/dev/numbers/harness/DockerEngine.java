package dev.numbers.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Docker engine asked directly over its API, before Testcontainers is touched: Testcontainers starts its helper
 * containers as soon as it connects and pulls every image it lacks, retrying for minutes where no registry is
 * reachable. Asking first whether the engine answers and holds the images lets the harness decide in seconds.
 *
 * @param address the engine's socket (a Unix socket or host and port)
 * @param name    how the user named it, for messages
 */
record DockerEngine(SocketAddress address, String name) {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The engine Testcontainers would use: {@code DOCKER_HOST} (unix:// or tcp://), else the default socket. */
    static Optional<DockerEngine> local() {
        final var host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return Optional.of(at(host.trim()));
        }
        final var socket = Path.of("/var/run/docker.sock");
        return Files.exists(socket) ? Optional.of(at("unix://" + socket)) : Optional.empty();
    }

    static DockerEngine at(final String host) {
        final var uri = URI.create(host);
        if ("unix".equals(uri.getScheme())) {
            return new DockerEngine(UnixDomainSocketAddress.of(uri.getPath()), host);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("DOCKER_HOST " + host + " is neither unix:///path nor tcp://host:port");
        }
        return new DockerEngine(new InetSocketAddress(uri.getHost(), uri.getPort()), host);
    }

    /** True when the engine answers its ping within a few seconds. */
    boolean answers() {
        return status("/_ping") == 200;
    }

    /** True when the image is in the engine's own store (nothing needs to be pulled for it). */
    boolean hasImage(final String image) {
        return status("/images/" + image + "/json") == 200;
    }

    /** The HTTP status of a GET, or -1 when the engine does not answer in time. */
    private int status(final String path) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            final var answer = executor.submit(() -> get(path));
            try {
                return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                answer.cancel(true);
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    private int get(final String path) throws IOException {
        try (var channel = SocketChannel.open(address)) {
            final var request = "GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            final var line = new ByteArrayOutputStream();
            final var buffer = ByteBuffer.allocate(256);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    final byte b = buffer.get();
                    if (b == '\n') {
                        return statusOf(line.toString(StandardCharsets.US_ASCII));
                    }
                    line.write(b);
                }
                buffer.clear();
            }
            return -1;
        }
    }

    private static int statusOf(final String statusLine) {
        final var parts = statusLine.trim().split(" ");
        try {
            return parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
