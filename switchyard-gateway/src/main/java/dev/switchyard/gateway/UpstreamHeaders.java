package dev.switchyard.gateway;

import dev.switchyard.claude.UpstreamResponse;
import io.vertx.core.http.HttpServerResponse;

/** The headers a relayed response carries: the upstream's content type and what Switchyard did. */
final class UpstreamHeaders {
    private UpstreamHeaders() {}

    static void copy(UpstreamResponse upstream, HttpServerResponse response) {
        response.setStatusCode(upstream.status());
        String type = upstream.headers().get("content-type");
        if (type != null) {
            response.putHeader("content-type", type);
        }
        String retryAfter = upstream.headers().get("retry-after");
        if (retryAfter != null && upstream.status() >= 400) {
            response.putHeader("retry-after", retryAfter);
        }
        response.putHeader("x-switchyard-upstream", upstream.deployment());
        if (upstream.fallback()) {
            response.putHeader("x-switchyard-fallback", upstream.model());
        }
        if (upstream.attempts() > 1) {
            response.putHeader("x-switchyard-attempts", Integer.toString(upstream.attempts()));
        }
    }
}
