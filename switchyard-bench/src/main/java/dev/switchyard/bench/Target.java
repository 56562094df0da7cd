package dev.switchyard.bench;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/** Where the load goes: {@code http://host:port} of a simulator, nginx or the gateway; Messages API requests. */
record Target(String host, int port, String key) {
    static final String MESSAGES = "/v1/messages";
    private static final CharSequence X_API_KEY = HttpHeaders.createOptimized("x-api-key");
    private static final CharSequence ANTHROPIC_VERSION = HttpHeaders.createOptimized("anthropic-version");
    private static final CharSequence VERSION = HttpHeaders.createOptimized("2023-06-01");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    static Target of(String url, String key) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("need http://host:port, got " + url);
        }
        return new Target(uri.getHost(), uri.getPort(), key);
    }

    /** POST /v1/messages with the API's headers; idleMillis bounds any silence on the response. */
    RequestOptions post(long idleMillis) {
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(MESSAGES)
                .putHeader(X_API_KEY, key).putHeader(ANTHROPIC_VERSION, VERSION)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .setConnectTimeout(30_000).setIdleTimeout(idleMillis);
    }

    @Override
    public String toString() {
        return "http://" + host + ":" + port;
    }
}
