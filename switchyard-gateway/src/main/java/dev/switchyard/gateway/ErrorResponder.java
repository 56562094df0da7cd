package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become errors in the route's API shape: Anthropic's, or OpenAI's on the
 * chat completions route ({@link ChatErrors}). An {@link ApiException} is an expected rejection and keeps
 * its type; anything else is our bug: logged with the request id, sent as a 500 api_error that reveals
 * nothing of it.
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
        int status = ex.dialect == Dialect.OPENAI ? ChatErrors.status(e.type()) : e.status();
        if (ex.closed() || ex.response.headWritten()) {
            return status;
        }
        ex.response.setStatusCode(status);
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
            ex.response.end(body(ex, e)).onComplete(v -> LingeringClose.close(ex.request));
            return status;
        }
        ex.response.end(body(ex, e));
        return status;
    }

    /** The error as the last event of a stream whose head went out. */
    static Buffer streamEvent(Exchange ex, ApiException e) {
        return Buffer.buffer(ex.dialect == Dialect.OPENAI ? ChatErrors.sseEvent(e)
                : ErrorBodies.sseEvent(e.type(), e.getMessage(), ex.requestId));
    }

    /** An upstream's non-200 body, relayed: as it is, or reshaped for a route of another dialect. */
    static Buffer relayed(Exchange ex, int status, Buffer body) {
        return ex.dialect == Dialect.OPENAI && status >= 400 ? ChatErrors.relayed(status, body) : body;
    }

    /** The status an upstream's error is relayed with on this route. */
    static int relayedStatus(Exchange ex, int status) {
        return ex.dialect == Dialect.OPENAI && status == ErrorType.OVERLOADED.status() ? 503 : status;
    }

    private static Buffer body(Exchange ex, ApiException e) {
        return Buffer.buffer(ex.dialect == Dialect.OPENAI ? ChatErrors.json(e)
                : ErrorBodies.json(e.type(), e.getMessage(), ex.requestId));
    }
}
