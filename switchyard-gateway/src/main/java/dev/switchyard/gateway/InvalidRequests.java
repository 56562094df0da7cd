package dev.switchyard.gateway;

import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests Netty could not decode (oversize or malformed heads, bad Content-Length, ambiguous
 * framing from {@link StrictRequestDecoder}): answered in Anthropic's shape instead of Vert.x's empty
 * body. Vert.x closes the connection once the answer is written. Netty's own messages can quote the
 * client's bytes, so the body carries fixed texts.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {
    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "request line is too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "request headers are too large";
        } else if (cause instanceof FramingException) {
            status = 400;
            message = cause.getMessage();
        } else {
            status = 400;
            message = "malformed HTTP request";
        }
        String requestId = RequestIds.next();
        request.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("request-id", requestId)
                .putHeader("x-should-retry", "false")
                .putHeader("connection", "close")
                .end(ErrorBodies.json(ErrorType.INVALID_REQUEST, message, requestId));
    }
}
