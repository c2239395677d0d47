package dev.numbers.bridge.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts a fixed number of SignalWire-signed 10DLC callbacks, each about a new order, from {@code clients} keep-alive
 * connections. Paced: webhook {@code i} is sent no earlier than {@code start + i / rate}, whichever connection is
 * free takes it, so the total rate holds whatever the per-connection latency; rate 0 is a closed loop.
 *
 * <p>Platform threads named {@code bench-client-N}, so their CPU time is told apart from the bridge's.
 */
final class LoadClient {

    static final String SIGNING_KEY = "bench-only-signing-key";
    private static final String PATH = "/webhooks/signalwire/10dlc";

    /**
     * What one batch of webhooks did: endpoint latency of each (ns, in send order), the failures, and the CPU time of
     * the client threads, which have ended (and left ThreadMXBean's view) by the time the run is measured.
     */
    record Sent(long[] latencies, long failures, String firstFailure, double seconds, long clientCpuNanos) {
    }

    private final int port;
    private final int clients;
    private final int rate;

    LoadClient(final int port, final int clients, final int rate) {
        this.port = port;
        this.clients = clients;
        this.rate = rate;
    }

    /**
     * Sends {@code count} webhooks and returns when every one was answered; {@code sentAt} gets each order id with
     * the wall-clock millisecond it was sent, for the lag reader.
     */
    Sent send(final int count, final Map<String, Long> sentAt) throws InterruptedException {
        final var url = "http://127.0.0.1:" + port + PATH;
        final var tickets = new AtomicLong();
        final var latencies = new long[count];
        final var failures = new AtomicLong();
        final var firstFailure = new AtomicReference<String>();
        final var clientCpu = new AtomicLong();
        final long start = System.nanoTime();
        final double nanosPerWebhook = rate <= 0 ? 0 : 1e9 / rate;
        final var workers = new ArrayList<Thread>();
        for (int w = 0; w < clients; w++) {
            workers.add(Thread.ofPlatform().name("bench-client-" + w).start(() -> {
                final var mac = hmac();
                RawHttp connection = null;
                for (long i = tickets.getAndIncrement(); i < count; i = tickets.getAndIncrement()) {
                    final long due = start + (long) (i * nanosPerWebhook);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    final var orderId = UUID.randomUUID().toString();
                    final var body = body(orderId);
                    mac.update(url.getBytes(StandardCharsets.UTF_8));
                    final var signature = HexFormat.of().formatHex(mac.doFinal(body));
                    sentAt.put(orderId, System.currentTimeMillis());
                    final long started = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = new RawHttp(port);
                        }
                        final int status = connection.post(PATH, signature, body);
                        if (status != 200) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, "HTTP " + status);
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                    latencies[(int) i] = System.nanoTime() - started;
                }
                if (connection != null) {
                    connection.close();
                }
                clientCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }));
        }
        for (final var t : workers) {
            t.join();
        }
        return new Sent(latencies, failures.get(), firstFailure.get(), (System.nanoTime() - start) / 1e9,
                clientCpu.get());
    }

    private static byte[] body(final String orderId) {
        return ("{\"project_id\":\"bench-project\",\"event_at\":\"" + Instant.now()
                + "\",\"event_category\":\"number_assignment_order\","
                + "\"event_type\":\"number_assignment_order_processed\",\"state\":\"processed\","
                + "\"brand_id\":\"bench-brand\",\"campaign_id\":\"bench-campaign\","
                + "\"number_assignment_order_id\":\"" + orderId + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Mac hmac() {
        try {
            final var mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A keep-alive HTTP/1.1 connection written by hand: java.net.http costs more CPU per request than the bridge
     * itself, and on two cores the client would measure mostly itself.
     */
    private static final class RawHttp {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        RawHttp(final int port) throws IOException {
            this.socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int post(final String path, final String signature, final byte[] body) throws IOException {
            final var head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-SignalWire-Signature: " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            final var status = line();
            int length = 0;
            for (var header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return Integer.parseInt(status.split(" ")[1]);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do with a broken connection
            }
        }

        private String line() throws IOException {
            final var text = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed");
                }
                if (c != '\r') {
                    text.append((char) c);
                }
            }
            return text.toString();
        }
    }
}
