package dev.switchyard.claude;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * A request passed to a deployment as the client sent it: Message Batches, Files, and any other
 * {@code /v1/...} path the gateway does not interpret. The deployment's own key replaces the client's.
 *
 * @param path the API path with its query string, e.g. {@code /v1/files?limit=20}
 * @param headers the client's headers that travel upstream (content type, accept, anthropic-version,
 *     anthropic-beta); never its credentials
 * @param deployment the deployment that must serve it (an id it created lives there), or null to let
 *     the default strategy choose among the deployments whose pass-through list allows the path
 * @param model a model the call is about (a batch's first request's), to choose among that model's
 *     deployments; null for any deployment
 */
public record ForwardCall(
        String requestId,
        HttpMethod method,
        String path,
        MultiMap headers,
        Buffer body,
        String deployment,
        String model,
        Cancellation cancellation) {

    /** The path without its query string: what pass-through lists and routes match. */
    public String pathOnly() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
