package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become Anthropic errors. An {@link ApiException} is an expected
 * rejection and keeps its type; anything else is our bug: logged with the request id, sent as a
 * 500 api_error that reveals nothing of it.
 */
final class ErrorResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private ErrorResponder() {}

    static ApiException toApiException(Throwable t, String requestId) {
        return toApiException(t, requestId, "-");
    }

    static ApiException toApiException(Throwable t, String requestId, String traceId) {
        if (t instanceof ApiException api) {
            return api;
        }
        LOG.error("request_id={} trace_id={} unexpected failure", requestId, traceId, t);
        return new ApiException(ErrorType.API, "internal error; request id " + requestId);
    }

    /** Sends the error unless the response has started or the client is gone; returns the status. */
    static int send(Exchange ex, Throwable t) {
        ApiException e = toApiException(t, ex.requestId, ex.traceId());
        if (ex.closed() || ex.response.headWritten()) {
            return e.status();
        }
        ex.response.setStatusCode(e.status());
        ex.response.putHeader("content-type", "application/json");
        e.headers().forEach(ex.response::putHeader);
        if (e.retryAfter() != null) {
            ex.response.putHeader("retry-after", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        if (e.type() == ErrorType.INVALID_REQUEST || e.type() == ErrorType.AUTHENTICATION
                || e.type() == ErrorType.NOT_FOUND || e.type() == ErrorType.REQUEST_TOO_LARGE) {
            ex.response.putHeader("x-should-retry", "false");
        }
        if (e.type() == ErrorType.REQUEST_TOO_LARGE) {
            // The rest of the body may still be on its way: close rather than read it all.
            ex.response.putHeader("connection", "close");
            ex.response.end(Buffer.buffer(ErrorBodies.json(e.type(), e.getMessage(), ex.requestId)))
                    .onComplete(v -> LingeringClose.close(ex.request));
            return e.status();
        }
        ex.response.end(Buffer.buffer(ErrorBodies.json(e.type(), e.getMessage(), ex.requestId)));
        return e.status();
    }
}
