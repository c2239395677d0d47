package dev.numbers.connector.provider;

import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import java.net.URI;
import java.time.Duration;

/** Builds provider HTTP clients the same way for every provider. */
public final class HttpClients {

    private HttpClients() {
    }

    public static HttpClient create(final Duration requestTimeout) {
        final var configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(requestTimeout);
        configuration.setConnectTimeout(requestTimeout);
        // A redirect would resend the Authorization header to wherever the provider points; never follow one.
        configuration.setFollowRedirects(false);
        return HttpClient.create(null, configuration);
    }

    /** True when {@code candidate} is on the same scheme, host and port as {@code base}: credentials may go there. */
    public static boolean sameOrigin(final URI base, final URI candidate) {
        return base.getScheme().equalsIgnoreCase(candidate.getScheme())
                && base.getHost().equalsIgnoreCase(candidate.getHost())
                && port(base) == port(candidate);
    }

    private static int port(final URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
