package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The schema registry behind nginx with TLS and HTTP basic auth, as registries are run in production: nginx (Debian's
 * {@code nginx-light}, installed by {@code .ci/run}) started with a generated configuration on a free loopback port,
 * in its own folder, never the package's default site. Every request is written to {@code access.log} as
 * {@code <user> <status> <method> <path>}, user {@code -} when none was given, so a test can show that each registry
 * call was authenticated.
 */
public final class TlsRegistryProxy implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String apiPath;
    private final Path accessLog;
    private final Path errorLog;

    private TlsRegistryProxy(final Process process, final int port, final String apiPath, final Path dir) {
        this.process = process;
        this.port = port;
        this.apiPath = apiPath;
        this.accessLog = dir.resolve("access.log");
        this.errorLog = dir.resolve("error.log");
    }

    /** Whether nginx can be started here: the secured tests need it. */
    public static boolean available() {
        return executable() != null;
    }

    /**
     * Proxies {@code https://127.0.0.1:PORT/...} to the registry at {@code registryUrl}, admitting only {@code user}.
     */
    public static TlsRegistryProxy start(final Path dir, final String registryUrl, final TestCertificates tls,
                                         final String user, final String password) {
        final var nginx = executable();
        if (nginx == null) {
            throw new IllegalStateException("nginx is not installed (apt-get install nginx-light; .ci/run does it)");
        }
        final var target = URI.create(registryUrl);
        final int port = FreePorts.next();
        try {
            Files.createDirectories(dir.resolve("tmp"));
            // {PLAIN} is one of the schemes nginx's auth_basic_user_file accepts; the password is random per run
            Files.writeString(dir.resolve("htpasswd"), user + ":{PLAIN}" + password + "\n");
            Files.writeString(dir.resolve("nginx.conf"), config(dir, port, target, tls));
            final var process = new ProcessBuilder(List.of(nginx.toString(), "-p", dir.toString(), "-e",
                    dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile()))
                    .start();
            final var proxy = new TlsRegistryProxy(process, port, target.getPath(), dir);
            proxy.awaitListening(Duration.ofSeconds(30));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start nginx in " + dir, e);
        }
    }

    private static String config(final Path dir, final int port, final URI target, final TestCertificates tls) {
        final var tmp = dir.resolve("tmp");
        return """
                %7$s
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 128; }
                http {
                    log_format registry '$remote_user $status $request_method $uri';
                    access_log %1$s/access.log registry;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    server {
                        listen 127.0.0.1:%3$d ssl;
                        ssl_certificate %4$s;
                        ssl_certificate_key %5$s;
                        location / {
                            auth_basic "schema registry";
                            auth_basic_user_file %1$s/htpasswd;
                            proxy_set_header Authorization "";
                            proxy_pass http://127.0.0.1:%6$d;
                        }
                    }
                }
                """.formatted(dir, tmp, port, tls.certPem(), tls.keyPem(), target.getPort(),
                // workers read the password file per request; as root they would otherwise run as nobody and be
                // refused the test's private folder
                "root".equals(System.getProperty("user.name")) ? "user root;" : "");
    }

    private static Path executable() {
        for (final var candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    private void awaitListening(final Duration timeout) {
        final var deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited during start-up; see " + errorLog);
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                // not listening yet; the connect timeout paces the retries
                process.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen within " + timeout + "; see " + errorLog);
    }

    /** The registry's Confluent API through the proxy, e.g. {@code https://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return "https://127.0.0.1:" + port + apiPath;
    }

    /** One line per request: {@code <user> <status> <method> <path>}. */
    public List<String> accessLog() {
        try {
            return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
