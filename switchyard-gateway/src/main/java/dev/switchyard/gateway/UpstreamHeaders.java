package dev.switchyard.gateway;

import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.net.HeaderNames;
import io.vertx.core.http.HttpServerResponse;

/** The headers a relayed response carries: the upstream's content type and what Switchyard did. */
final class UpstreamHeaders {
    private UpstreamHeaders() {}

    static void copy(UpstreamResponse upstream, HttpServerResponse response) {
        response.setStatusCode(upstream.status());
        String type = upstream.headers().get(HeaderNames.CONTENT_TYPE);
        if (type != null) {
            response.putHeader(HeaderNames.CONTENT_TYPE, type);
        }
        String retryAfter = upstream.headers().get(HeaderNames.RETRY_AFTER);
        if (retryAfter != null && upstream.status() >= 400) {
            response.putHeader(HeaderNames.RETRY_AFTER, retryAfter);
        }
        response.putHeader(HeaderNames.X_SWITCHYARD_UPSTREAM, upstream.deployment());
        if (upstream.fallback()) {
            response.putHeader(HeaderNames.X_SWITCHYARD_FALLBACK, upstream.model());
        }
        if (upstream.attempts() > 1) {
            response.putHeader(HeaderNames.X_SWITCHYARD_ATTEMPTS, Integer.toString(upstream.attempts()));
        }
    }
}
