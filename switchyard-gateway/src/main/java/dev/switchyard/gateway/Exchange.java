package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Admission;
import dev.switchyard.auth.Principal;
import dev.switchyard.claude.Cancellation;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Function;

/**
 * One client request as it moves down the path: its id, timing and what routing decided. Lives on
 * one event loop; fields are written as steps complete and read by the final metrics step.
 */
final class Exchange {
    final HttpServerRequest request;
    final HttpServerResponse response;
    final String requestId;
    final String route;
    final long startNanos;
    final Cancellation cancellation = new Cancellation();
    String model = "-";
    String deployment = "-";
    /** Set by the steps of the messages path, read by {@link UsageRecorder}. */
    Principal principal;
    Admission admission;
    String modelAsked;
    Usage usage;
    long firstTokenNanos;
    int attempts;
    boolean fallback;
    boolean cacheHit;
    /**
     * When set, receives the complete assistant Message of a 200 answer (the conversation service stores
     * it); the response ends only once the returned future completes, so a client that has the answer
     * can rely on it being stored.
     */
    Function<ObjectNode, Future<?>> onReply;

    Exchange(HttpServerRequest request, String route) {
        this.request = request;
        this.response = request.response();
        this.requestId = RequestIds.next();
        this.route = route;
        this.startNanos = System.nanoTime();
        response.putHeader("request-id", requestId);
    }

    /** Hands the answer to {@link #onReply}; completes when it is done with it, never failed. */
    Future<Void> reply(ObjectNode message) {
        if (onReply == null || message == null) {
            return Future.succeededFuture();
        }
        return onReply.apply(message).transform(ar -> Future.succeededFuture());
    }

    /** True once the client is gone or the response is finished: nothing more may be written. */
    boolean closed() {
        return response.ended() || response.closed();
    }
}
