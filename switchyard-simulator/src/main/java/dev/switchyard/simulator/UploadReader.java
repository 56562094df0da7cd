package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Reads a {@code multipart/form-data} upload into memory with Vert.x's form decoding: the first part
 * named {@code file} that carries a file name; other parts are read and dropped. Past the bound the 413
 * goes out at once and the rest is read and dropped before the connection closes, as {@link BodyReader}
 * does, so that the client sees the 413 rather than a reset. A body Vert.x cannot decode gets a 400.
 */
final class UploadReader {
    static final String FIELD = "file";
    private static final String MULTIPART = "multipart/form-data";

    /**
     * The file part of an upload.
     *
     * @param filename    the part's file name, as sent
     * @param contentType the part's declared type, or null
     */
    record Upload(String filename, String contentType, Buffer bytes) {}

    private final HttpServerRequest req;
    private final AsciiString requestId;
    private final long maxBytes;
    private final Handler<Upload> onUpload;
    private Upload upload;
    private boolean refused;

    private UploadReader(HttpServerRequest req, AsciiString requestId, long maxBytes, Handler<Upload> onUpload) {
        this.req = req;
        this.requestId = requestId;
        this.maxBytes = maxBytes;
        this.onUpload = onUpload;
    }

    /** Calls {@code onUpload} at the end of the body with the file part, or null when there was none. */
    static void read(HttpServerRequest req, AsciiString requestId, long maxBytes, Handler<Upload> onUpload) {
        String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length())) {
            throw ApiException.invalidRequest(FIELD + ": Field required (the body must be " + MULTIPART
                    + " with a part named " + FIELD + ")");
        }
        UploadReader reader = new UploadReader(req, requestId, maxBytes, onUpload);
        req.setExpectMultipart(true);
        req.exceptionHandler(reader::fail);
        req.uploadHandler(reader::part);
        req.endHandler(v -> reader.end());
    }

    private void part(HttpServerFileUpload part) {
        part.exceptionHandler(this::fail);
        if (upload != null || !FIELD.equals(part.name())) {
            part.handler(chunk -> { });
            return;
        }
        upload = new Upload(part.filename(), part.contentType(), Buffer.buffer());
        part.handler(this::chunk);
    }

    private void chunk(Buffer chunk) {
        if (refused) {
            return;
        }
        if (upload.bytes().length() + (long) chunk.length() > maxBytes) {
            refuse();
        } else {
            upload.bytes().appendBuffer(chunk);
        }
    }

    private void refuse() {
        refused = true;
        upload = new Upload(upload.filename(), upload.contentType(), Buffer.buffer(0));
        req.response().headers().add(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Http.error(req, requestId, 413, ErrorType.REQUEST_TOO_LARGE,
                "File exceeds the maximum allowed size of " + maxBytes + " bytes.", null);
    }

    private void fail(Throwable e) {
        if (!req.response().ended()) {
            Http.error(req, requestId, 400, ErrorType.INVALID_REQUEST,
                    "There was an error reading the multipart body: " + e.getMessage(), null);
        }
    }

    private void end() {
        if (refused) {
            if (req.version() != HttpVersion.HTTP_2) {
                req.connection().close();
            }
        } else if (!req.response().ended()) {
            onUpload.handle(upload);
        }
    }
}
