package dev.switchyard.gateway;

import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.hash.Sha256;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the Prometheus scrape, behind {@code Authorization: Bearer <server.metrics_token>}
 * when a token is configured. Both sides are hashed before the constant-time compare, so neither the
 * token's bytes nor its length leak through timing.
 */
final class MetricsEndpoint {
    private final PrometheusMeterRegistry registry;
    private final byte[] tokenDigest;

    /** @param token the bearer token the scrape needs, or null for none */
    MetricsEndpoint(PrometheusMeterRegistry registry, String token) {
        this.registry = registry;
        this.tokenDigest = token == null || token.isEmpty() ? null : Sha256.of(token);
    }

    void handle(HttpServerRequest request) {
        if (tokenDigest != null && !authorized(request.getHeader("authorization"))) {
            String requestId = RequestIds.next();
            request.response().setStatusCode(401)
                    .putHeader("content-type", "application/json")
                    .putHeader("request-id", requestId)
                    .putHeader("www-authenticate", "Bearer")
                    .end(ErrorBodies.json(ErrorType.AUTHENTICATION, "metrics need a valid bearer token", requestId));
            return;
        }
        String accept = request.getHeader("accept");
        if (accept != null && accept.contains(OPEN_METRICS)) {
            // OpenMetrics carries the latency histograms' trace-id exemplars; Prometheus asks for it by default
            request.response().putHeader("content-type", OPEN_METRICS_TYPE).end(registry.scrape(OPEN_METRICS_TYPE));
            return;
        }
        request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
    }

    private static final String OPEN_METRICS = "application/openmetrics-text";
    private static final String OPEN_METRICS_TYPE = OPEN_METRICS + "; version=1.0.0; charset=utf-8";

    private boolean authorized(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, Sha256.of(header.substring(7).trim()));
    }

}
