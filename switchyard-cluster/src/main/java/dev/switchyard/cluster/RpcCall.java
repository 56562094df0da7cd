package dev.switchyard.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchyard.claude.Cancellation;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One call served on the role port: its body (read whole; role calls are bounded like client requests),
 * its headers, and a {@link Cancellation} that fires when the caller resets the stream, the connection
 * closes, or the caller's deadline passes.
 */
public final class RpcCall {
    private final HttpServerRequest request;
    private final Buffer body;
    private final Cancellation cancellation;
    private final String requestId;
    private final AtomicLong resetCode;

    RpcCall(HttpServerRequest request, Buffer body, Cancellation cancellation, AtomicLong resetCode) {
        this.resetCode = resetCode;
        this.request = request;
        this.body = body;
        this.cancellation = cancellation;
        String id = request.getHeader(ClusterProtocol.REQUEST_ID_HEADER);
        this.requestId = id == null ? "" : id;
    }

    public Buffer body() {
        return body;
    }

    public String header(String name) {
        return request.getHeader(name);
    }

    /** Every header of the call, for a handler that relays a subset of them. */
    public io.vertx.core.MultiMap headers() {
        return request.headers();
    }

    public String requestId() {
        return requestId;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** Whether the caller withdrew the call because the answer it got was broken (an INTERNAL_ERROR reset). */
    public boolean callerReportedFailure() {
        return resetCode.get() == OpenCall.INTERNAL_ERROR;
    }

    /** For handlers that stream their answer (the claude role). */
    public HttpServerResponse response() {
        return request.response();
    }

    /** The body as a record; a body that does not decode fails with invalid_request. */
    public <T> T bodyAs(Class<T> type) {
        try {
            return Json.mapper().readValue(body.getBytes(), type);
        } catch (IOException e) {
            throw ApiException.invalidRequest("role call body does not decode as " + type.getSimpleName());
        }
    }

    /** 200 with {@code value} as JSON (null: an empty JSON null). */
    public void reply(Object value) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            fail(e);
            return;
        }
        response.putHeader("content-type", "application/json").end(Buffer.buffer(json));
    }

    public void fail(Throwable failure) {
        RemoteErrors.write(request.response(), failure, requestId);
    }

    /** Replies with what {@code result} completes with, mapped; fails the call when it fails. */
    public <T> void complete(Future<T> result, Function<T, Object> toReply) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                try {
                    reply(toReply.apply(ar.result()));
                } catch (RuntimeException e) {
                    fail(e);
                }
            } else {
                fail(ar.cause());
            }
        });
    }

    public <T> void complete(Future<T> result) {
        complete(result, r -> r);
    }
}
