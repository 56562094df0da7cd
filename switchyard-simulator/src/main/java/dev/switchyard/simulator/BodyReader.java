package dev.switchyard.simulator;

import dev.switchyard.core.error.ErrorType;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Collects a request body up to the API's limit (32 MB for Messages, 256 MB for a Message Batch). Past it (declared, or counted while a chunked
 * body arrives) the 413 goes out at once and the rest of the body is read and dropped, and only then is
 * the connection closed: closing with unread bytes would reset it, and the client might lose the 413.
 */
final class BodyReader implements Handler<Buffer> {
    static final long MAX_BYTES = 32L * 1024 * 1024;
    private static final Buffer EMPTY = Buffer.buffer(0);

    private final HttpServerRequest req;
    private final AsciiString requestId;
    private final Handler<Buffer> onBody;
    private final long maxBytes;
    private Buffer body;
    private boolean owned;
    private long size;
    private boolean refused;

    private BodyReader(HttpServerRequest req, AsciiString requestId, long maxBytes, Handler<Buffer> onBody) {
        this.req = req;
        this.requestId = requestId;
        this.maxBytes = maxBytes;
        this.onBody = onBody;
    }

    static void read(HttpServerRequest req, AsciiString requestId, Handler<Buffer> onBody) {
        read(req, requestId, MAX_BYTES, onBody);
    }

    static void read(HttpServerRequest req, AsciiString requestId, long maxBytes, Handler<Buffer> onBody) {
        BodyReader reader = new BodyReader(req, requestId, maxBytes, onBody);
        req.exceptionHandler(Http.IGNORE);
        req.handler(reader);
        req.endHandler(v -> reader.end());
        if (declaredLength(req) > maxBytes) {
            reader.refuse();
        }
    }

    @Override
    public void handle(Buffer chunk) {
        if (refused) {
            return;
        }
        size += chunk.length();
        if (size > maxBytes) {
            refuse();
        } else if (body == null) {
            body = chunk; // the usual case: the whole body in one chunk, kept without copying
        } else {
            if (!owned) {
                body = Buffer.buffer((int) Math.min(maxBytes, size * 2)).appendBuffer(body);
                owned = true;
            }
            body.appendBuffer(chunk);
        }
    }

    private void refuse() {
        refused = true;
        body = null;
        req.response().headers().add(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Http.error(req, requestId, 413, ErrorType.REQUEST_TOO_LARGE,
                "Request exceeds the maximum allowed number of bytes (" + (maxBytes >> 20) + " MB).", null);
    }

    private void end() {
        if (!refused) {
            onBody.handle(body == null ? EMPTY : body);
        } else if (req.version() != HttpVersion.HTTP_2) {
            req.connection().close();
        }
    }

    private static long declaredLength(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
