package dev.numbers.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate for {@code localhost}/{@code 127.0.0.1} made by the JDK's {@code keytool} for one test run: the same
 * key pair serves the broker's SASL_SSL listener (PKCS12 key store) and the registry proxy (PEM), and a trust store
 * holding only that certificate is what clients are given. Nothing is checked in; every run makes its own.
 *
 * @param keyStore   PKCS12 key store with the private key and certificate (alias {@code server})
 * @param trustStore PKCS12 trust store with the certificate only
 * @param password   password of both stores (a random one per run)
 * @param certPem    the certificate, PEM
 * @param keyPem     the private key, unencrypted PKCS#8 PEM, for nginx
 */
public record TestCertificates(Path keyStore, Path trustStore, String password, Path certPem, Path keyPem) {

    private static final String ALIAS = "server";

    public static TestCertificates create(final Path dir) {
        try {
            Files.createDirectories(dir);
            final var password = UUID.randomUUID().toString();
            final var keyStore = dir.resolve("server.p12");
            final var trustStore = dir.resolve("truststore.p12");
            final var certPem = dir.resolve("server.crt");
            final var keyPem = dir.resolve("server.key");
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass", password,
                    "-file", certPem.toString());
            keytool("-importcert", "-noprompt", "-alias", "test-ca", "-file", certPem.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
            Files.writeString(keyPem, privateKeyPem(keyStore, password));
            return new TestCertificates(keyStore, trustStore, password, certPem, keyPem);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make test certificates in " + dir, e);
        }
    }

    /** A TLS context trusting only this certificate, for test clients. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            final var store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            final var trust = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            final var context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not load the test trust store", e);
        }
    }

    private static String privateKeyPem(final Path keyStore, final String password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            final var store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            final var key = store.getKey(ALIAS, password.toCharArray());
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the test key back", e);
        }
    }

    private static void keytool(final String... args) throws IOException {
        final var command = new ArrayList<>(List.of(
                JavaRuntime.java21OrNewer().resolveSibling("keytool").toString()));
        command.addAll(List.of(args));
        final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            final var output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
