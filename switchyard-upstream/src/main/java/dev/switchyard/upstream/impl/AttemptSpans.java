package dev.switchyard.upstream.impl;

import dev.switchyard.core.telemetry.TraceNames;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;

/**
 * One client span per upstream attempt, all children of the span that was current when the call began
 * (read once: retries and fallbacks run later, in timers and callbacks). A span ends when the attempt's
 * answer head arrives or it fails; the stream that follows is the request span's to describe.
 */
final class AttemptSpans {
    private final Tracing tracing;
    private final Context parent;
    private final String modelAsked;

    AttemptSpans(Tracing tracing, String modelAsked) {
        this.tracing = tracing;
        this.parent = tracing.enabled() ? Context.current() : Context.root();
        this.modelAsked = modelAsked;
    }

    Attempt start(Target t, int attempt, boolean fallback) {
        if (!tracing.enabled()) {
            return Attempt.NONE;
        }
        Deployment d = t.deployment();
        Span span = tracing.span("chat " + t.upstreamModel(), SpanKind.CLIENT, parent)
                .setAttribute(TraceNames.GEN_AI_SYSTEM, TraceNames.GEN_AI_SYSTEM_ANTHROPIC)
                .setAttribute(TraceNames.GEN_AI_OPERATION, "chat")
                .setAttribute(TraceNames.GEN_AI_REQUEST_MODEL, modelAsked)
                .setAttribute(TraceNames.GEN_AI_RESPONSE_MODEL, t.upstreamModel())
                .setAttribute(TraceNames.DEPLOYMENT, d.name())
                .setAttribute(TraceNames.ATTEMPT, attempt)
                .setAttribute(TraceNames.FALLBACK, fallback)
                .setAttribute(TraceNames.SERVER_ADDRESS, d.host())
                .setAttribute(TraceNames.SERVER_PORT, d.port())
                .startSpan();
        return new Attempt(tracing, parent.with(span));
    }

    /** One attempt's span; {@link #NONE} when tracing is off. Ends once: later calls are ignored. */
    static class Attempt {
        static final Attempt NONE = new Attempt(Tracing.NOOP, Context.root());
        private final Tracing tracing;
        /** The caller's context (its baggage too) with this attempt's span. */
        private final Context context;
        private final Span span;
        private boolean ended;

        Attempt(Tracing tracing, Context context) {
            this.tracing = tracing;
            this.context = context;
            this.span = Span.fromContext(context);
        }

        void inject(MultiMap headers) {
            if (span.getSpanContext().isValid()) {
                tracing.inject(context, headers);
            }
        }

        void answered(int status) {
            end(status, null, 0);
        }

        void retried(int status, long retryAfterMillis) {
            end(status, "http_" + status, retryAfterMillis);
        }

        void failed(String reason) {
            end(-1, reason, 0);
        }

        void cancelled() {
            end(-1, "cancelled", 0);
        }

        private void end(int status, String error, long retryAfterMillis) {
            if (ended || span == Span.getInvalid()) {
                return;
            }
            ended = true;
            if (status > 0) {
                span.setAttribute(TraceNames.HTTP_STATUS, status);
            }
            if (retryAfterMillis > 0) {
                span.setAttribute(TraceNames.RETRY_AFTER_MS, retryAfterMillis);
            }
            if (error != null) {
                span.setAttribute(TraceNames.ERROR_TYPE, error);
                span.setStatus(StatusCode.ERROR, error);
            }
            span.end();
        }
    }
}
