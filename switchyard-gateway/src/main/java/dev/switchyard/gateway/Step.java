package dev.switchyard.gateway;

import io.vertx.core.Future;

/**
 * One step of the request path ({@link Chain}): a request phase on the way in, a response phase on the
 * way out, and a last word once the client has its answer.
 */
interface Step {
    /** Completes with {@link #NEXT} to go on (the usual case; costs no allocation). */
    Future<Response> NEXT = Future.succeededFuture();

    /**
     * The request phase. Completes with {@link #NEXT} to go on to the next step, with a {@link Response}
     * to answer here (later steps are skipped; the response still passes back through the earlier ones),
     * or fails: the client gets the error in its route's shape (Anthropic's, or OpenAI's on
     * {@code /v1/chat/completions}: {@link ErrorResponder}).
     */
    Future<Response> request(Exchange ex);

    /**
     * The response phase, asked once the response is known, for steps whose request phase went on to a
     * later step: a stage that sees the response's events, or null (the default) to let them pass.
     */
    default ResponseStage response(Exchange ex) {
        return null;
    }

    /**
     * After the client has its answer or the request failed, for every step whose request phase ran:
     * {@code status} is what the client got. Observers; must not throw.
     */
    default void done(Exchange ex, int status) {}

    /**
     * The name of this step's span when tracing is on (its request phase, until its future completes), or
     * null (the default) for steps that never do I/O: they run inside the request's span. The span is
     * recorded only when the phase waited or failed ({@link Chain}).
     */
    default String spanName() {
        return null;
    }
}
