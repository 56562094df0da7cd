package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import io.netty.util.AsciiString;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;

/** Response helpers; every answer carries a {@code request-id}. Header names and values are pre-encoded. */
final class Http {
    static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("request-id");
    static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
    static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("retry-after");
    static final CharSequence ALLOW = HttpHeaders.createOptimized("allow");
    static final Handler<Throwable> IGNORE = t -> { };

    private Http() {}

    static Future<Void> json(HttpServerRequest req, AsciiString requestId, int status, Buffer body) {
        HttpServerResponse response = req.response();
        response.setStatusCode(status);
        response.headers().add(CONTENT_TYPE, APPLICATION_JSON).add(REQUEST_ID, requestId);
        return response.end(body);
    }

    /**
     * Runs what answers a request once its body has arrived (off the request handler's own try): an
     * {@link ApiException} becomes its error, a bug a 500 in the API's shape rather than no answer.
     */
    static void guarded(HttpServerRequest req, AsciiString requestId, Runnable answer) {
        try {
            answer.run();
        } catch (ApiException e) {
            error(req, requestId, e);
        } catch (RuntimeException e) {
            internalError(req, requestId, e);
        }
    }

    /** A bug must still answer, in the API's shape, rather than leave the client waiting. */
    static void internalError(HttpServerRequest req, AsciiString requestId, RuntimeException e) {
        if (!req.response().ended() && !req.response().headWritten()) {
            error(req, requestId, 500, ErrorType.API, "Simulator error: " + e, null);
        }
    }

    /** A 200 whose body is not JSON: batch results, a file's bytes. */
    static Future<Void> send(HttpServerRequest req, AsciiString requestId, String contentType, Buffer body) {
        HttpServerResponse response = req.response();
        response.headers().add(CONTENT_TYPE, contentType).add(REQUEST_ID, requestId);
        return response.end(body);
    }

    static Future<Void> noContent(HttpServerRequest req, AsciiString requestId) {
        HttpServerResponse response = req.response();
        response.setStatusCode(204);
        response.headers().add(REQUEST_ID, requestId);
        return response.end();
    }

    static Future<Void> error(HttpServerRequest req, AsciiString requestId, ApiException e) {
        return error(req, requestId, e.status(), e.type(), e.getMessage(), e.retryAfter());
    }

    static Future<Void> error(HttpServerRequest req, AsciiString requestId, int status, ErrorType type,
            String message, Duration retryAfter) {
        if (retryAfter != null) {
            req.response().headers().add(RETRY_AFTER, Long.toString(ceilSeconds(retryAfter)));
        }
        Buffer body = Buffer.buffer(ErrorBodies.json(type, message, requestId.toString()));
        return json(req, requestId, status, body);
    }

    static long ceilSeconds(Duration d) {
        long seconds = d.getSeconds();
        return d.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** Drops the exchange without an answer: the connection for HTTP/1.x, the stream for HTTP/2. */
    static void reset(HttpServerRequest req) {
        if (req.version() == HttpVersion.HTTP_2) {
            req.response().reset();
        } else {
            req.connection().close();
        }
    }
}
