package dev.switchyard.gateway;

import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered list of {@link Step}s, run for one exchange: request phases in order until one answers or
 * fails; the answer's events back through the response phases of the steps before it (nearest first);
 * then every entered step's {@code done}, innermost first. A step whose request phase completes at once
 * (most do) is followed without a future's callback, so a chain costs about a loop over its steps.
 */
final class Chain {
    private static final Logger LOG = LoggerFactory.getLogger(Chain.class);

    private final List<Step> steps;
    private final Tracing tracing;

    Chain(List<Step> steps) {
        this(steps, Tracing.NOOP);
    }

    Chain(List<Step> steps, Tracing tracing) {
        this.steps = List.copyOf(steps);
        this.tracing = tracing;
        checkBodyReadRightAfterAuthentication(this.steps);
    }

    /**
     * A key accepted at once leaves the client's body unpaused ({@link AuthenticateStep}), so its reader must
     * be attached before the head's callback returns: by the very next step. A step between them that waited
     * would lose the body's first bytes.
     */
    private static void checkBodyReadRightAfterAuthentication(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof AuthenticateStep)) {
                continue;
            }
            for (int j = i + 2; j < steps.size(); j++) {
                if (steps.get(j) instanceof ReadBodyStep) {
                    throw new IllegalArgumentException("ReadBodyStep must come right after AuthenticateStep, not at "
                            + j + " of " + steps.size() + " steps");
                }
            }
        }
    }

    /** The index of the first step of this class: where a caller that did the earlier ones goes on. */
    int indexOf(Class<? extends Step> type) {
        for (int i = 0; i < steps.size(); i++) {
            if (type.isInstance(steps.get(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " in the chain");
    }

    /** Runs the whole chain; completes with the status the client got, never failed. */
    Future<Integer> run(Exchange ex) {
        return runFrom(ex, 0);
    }

    /** Runs the chain from step {@code first} on (the earlier ones ran elsewhere). */
    Future<Integer> runFrom(Exchange ex, int first) {
        Promise<Integer> status = Promise.promise();
        advance(ex, first, first, status);
        return status.future();
    }

    private void advance(Exchange ex, int first, int i, Promise<Integer> status) {
        if (!ex.inTrace()) {
            run(ex, first, i, status);
            return;
        }
        // the request's span is current while steps run, so services that start a call read it as parent
        try (Scope scope = ex.trace.makeCurrent()) {
            run(ex, first, i, status);
        }
    }

    private void run(Exchange ex, int first, int i, Promise<Integer> status) {
        while (i < steps.size()) {
            Future<Response> phase;
            Step step = steps.get(i);
            String spanName = ex.traced() ? step.spanName() : null;
            try {
                phase = spanName == null ? step.request(ex) : traced(ex, step, spanName);
            } catch (RuntimeException e) {
                phase = Future.failedFuture(e);
            }
            if (!phase.isComplete()) {
                int at = i;
                phase.onComplete(ar -> settle(ex, first, at, ar.succeeded() ? ar.result() : null, ar.cause(), status));
                return;
            }
            if (phase.failed() || phase.result() != null) {
                settle(ex, first, i, phase.result(), phase.cause(), status);
                return;
            }
            i++;
        }
        // No step answered: a chain always ends in one that does; reaching here is a bug.
        settle(ex, first, steps.size() - 1, null, new IllegalStateException("no step answered"), status);
    }

    /**
     * The step's request phase in a span of its own (current while the phase starts, so the I/O it begins
     * is its child), ended when the phase completes. A phase that completed at once without failing did no
     * I/O (a key from memory, a local limit): its span is never ended, so it is never recorded, and
     * traces keep only the steps that waited. The SDK holds no reference to a span that is not ended.
     */
    private Future<Response> traced(Exchange ex, Step step, String spanName) {
        Span span = tracing.start(spanName, SpanKind.INTERNAL, ex.trace);
        Future<Response> phase;
        try (Scope scope = span.makeCurrent()) {
            phase = step.request(ex);
        } catch (RuntimeException e) {
            Spans.failed(span, e);
            span.end();
            throw e;
        }
        if (!phase.isComplete()) {
            phase.onComplete(ar -> Spans.end(span, ar.cause()));
        } else if (phase.failed()) {
            Spans.end(span, phase.cause());
        }
        return phase;
    }

    private void settle(Exchange ex, int first, int at, Response response, Throwable failure,
            Promise<Integer> status) {
        if (failure == null && response == null) {
            advance(ex, first, at + 1, status);
            return;
        }
        Future<Integer> sent = failure != null ? Future.succeededFuture(ErrorResponder.send(ex, failure))
                : respond(ex, first, at, response);
        sent.onComplete(ar -> {
            int code = ar.succeeded() ? ar.result() : ErrorResponder.send(ex, ar.cause());
            done(ex, first, Math.min(at, steps.size() - 1), code);
            status.complete(code);
        });
    }

    private Future<Integer> respond(Exchange ex, int first, int at, Response response) {
        if (response.events == null) {
            if (!ex.closed()) {
                int status = ErrorResponder.relayedStatus(ex, response.status);
                ex.response.setStatusCode(status);
                ex.response.end(ErrorResponder.relayed(ex, response.status, response.body));
                return Future.succeededFuture(status);
            }
            return Future.succeededFuture(response.status);
        }
        List<ResponseStage> stages = new ArrayList<>(at - first);
        for (int j = at - 1; j >= first; j--) {
            ResponseStage stage = steps.get(j).response(ex);
            if (stage != null) {
                stages.add(stage);
            }
        }
        Buffer original = response.originalBody;
        ClientWriter writer = new ClientWriter(ex, response.stream, original);
        return new EventPipeline(stages, writer, response.events).run();
    }

    private void done(Exchange ex, int first, int last, int status) {
        for (int j = last; j >= first; j--) {
            try {
                steps.get(j).done(ex, status);
            } catch (RuntimeException e) {
                LOG.warn("request_id={} trace_id={} step {} failed after the response: {}", ex.requestId,
                        ex.traceId(), steps.get(j).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
