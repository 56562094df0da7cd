package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.HostAndPort;

/**
 * A batch's {@code results_url} names the deployment's host, which the client must not call (and cannot
 * authenticate to): the SDKs fetch that URL, so it is rewritten to the gateway's own, as the client
 * reached it (its Host, and X-Forwarded-Proto when a proxy in front terminated TLS).
 */
final class ResultsUrls {
    private ResultsUrls() {}

    static Buffer rewrite(Exchange ex, ObjectNode object) {
        rewriteIn(ex, object);
        return Buffer.buffer(object.toString());
    }

    static void rewriteIn(Exchange ex, ObjectNode object) {
        if (object.path("results_url").isTextual() && object.path("id").isTextual()) {
            object.put("results_url", base(ex) + PassthroughPath.BATCHES + "/" + object.get("id").asText()
                    + "/results");
        }
    }

    private static String base(Exchange ex) {
        String proto = ex.request.getHeader("x-forwarded-proto");
        String scheme = "https".equals(proto) || "http".equals(proto) ? proto : ex.request.isSSL() ? "https" : "http";
        HostAndPort authority = ex.request.authority();
        String host = authority == null ? "localhost"
                : authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
        return scheme + "://" + host;
    }
}
