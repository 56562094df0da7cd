package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit. A declared length over the limit is refused before a byte is
 * read; a chunked body is counted as it arrives and refused the moment it passes the limit.
 */
final class BodyReader {
    private BodyReader() {}

    /**
     * {@code paused}: the caller paused the request, so reading resumes it. A request never paused is not
     * resumed: a resume is a task queued on the event loop, which holds the request (and all that hangs
     * from its handlers) until the loop runs it, after the response has often been sent.
     */
    static Future<Buffer> read(HttpServerRequest request, long limit, boolean paused) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                return Future.failedFuture(ApiException.invalidRequest("content-length is not a number"));
            }
            if (length > limit) {
                return Future.failedFuture(tooLarge(limit));
            }
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer((int) Math.max(64, Math.min(length, 1 << 20)));
        request.handler(chunk -> {
            if (body.length() + chunk.length() > limit) {
                promise.tryFail(tooLarge(limit));
                request.pause();
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> promise.tryComplete(body));
        request.exceptionHandler(t -> promise.tryFail(t instanceof HttpClosedException ? closed() : t));
        if (paused) {
            request.resume();
        }
        return promise.future();
    }

    /** The client left, or a deadline or bad framing closed the connection: expected, not our bug. */
    private static ApiException closed() {
        return ApiException.invalidRequest("connection closed before the request body was complete");
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(ErrorType.REQUEST_TOO_LARGE, "request body is larger than " + limit + " bytes");
    }
}
