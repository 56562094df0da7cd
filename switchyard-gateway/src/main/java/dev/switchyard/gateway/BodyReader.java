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

    /** Resumes the body only if it was paused ({@link Exchange#pauseBody}). */
    static Future<Buffer> read(Exchange ex, long limit) {
        HttpServerRequest request = ex.request;
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
        if (ex.bodyPaused()) {
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
