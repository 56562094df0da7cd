package dev.switchyard.claude;

import io.vertx.core.Future;
import java.util.List;

/**
 * The "claude" upstream caller: sends one Messages API call to a deployment of its model, with load
 * balancing, breakers, retries and fallbacks. In one process it is {@code UpstreamCaller}; a later
 * remote client implements the same interface, so call sites do not change.
 *
 * <p>{@link #send} never throws: an expected rejection (unknown model, nothing available) fails the
 * future with an {@link dev.switchyard.core.error.ApiException}.
 */
public interface ClaudeService {
    /** The model label of every id the configuration does not name (a client's own through a "*" deployment). */
    String OTHER_MODEL = "other";

    /** Completes with the first upstream response that is not retried, its body not yet read. */
    Future<UpstreamResponse> send(UpstreamCall call);

    /**
     * Passes a request the gateway does not interpret (Message Batches, Files, any other {@code /v1/}
     * path) to one deployment with that deployment's key: the one named in the call, or one the default
     * strategy picks among those whose pass-through list allows the path. Not retried once sent.
     * Fails with a not_found_error when no deployment may take it.
     */
    default Future<UpstreamResponse> forward(ForwardCall call) {
        return Future.failedFuture(dev.switchyard.core.error.ApiException.notFound(
                "this gateway passes no requests through to a deployment"));
    }

    /** The client-visible models, for {@code GET /v1/models}. */
    List<ModelInfo> models();

    /**
     * The label of a client-visible model id in metrics: the id itself when the configuration names it
     * (a model, an alias, a {@code models:} entry), else {@link #OTHER_MODEL}, so ids a client
     * invents (served through a {@code "*"} deployment) never become labels.
     */
    default String modelLabel(String model) {
        return OTHER_MODEL;
    }

    /** True when every model has at least one deployment whose breaker is not open. */
    boolean ready();

    Future<Void> close();
}
