package dev.switchyard.gateway;

import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.claude.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;

/**
 * Passes an SSE stream to the client chunk by chunk as it arrives, never buffering the whole of it.
 * Backpressure: when the client's write queue is full the upstream is paused until it drains.
 * Stalls: one timer per stream, re-armed lazily (it checks the time of the last chunk when it fires
 * rather than being reset on every chunk), ends the stream with an error event after the idle
 * timeout. A client that goes away cancels the upstream request.
 *
 * <p>Completes with the usage seen once the stream is over, whichever way it ended.
 */
final class StreamRelay {
    private final Vertx vertx;
    private final Exchange ex;
    private final UpstreamResponse upstream;
    private final GatewayMeters meters;
    private final SseUsageTap tap = new SseUsageTap();
    private final Consumer<Buffer> tee;
    private final Supplier<Future<Void>> beforeEnd;
    private final Promise<Usage> done = Promise.promise();
    private final long idleNanos;
    private long lastChunkNanos;
    private long timerId = -1;

    /**
     * {@code tee}, when not null, sees every chunk too (the response cache assembling the message);
     * {@code beforeEnd}, when not null, runs after a complete stream (message_stop seen) and the
     * response ends only when its future does (the conversation service storing the reply first).
     */
    StreamRelay(Vertx vertx, Exchange ex, UpstreamResponse upstream, GatewayMeters meters, Consumer<Buffer> tee,
            Supplier<Future<Void>> beforeEnd) {
        this.vertx = vertx;
        this.tee = tee;
        this.beforeEnd = beforeEnd;
        this.ex = ex;
        this.upstream = upstream;
        this.meters = meters;
        this.idleNanos = upstream.idleTimeout().toNanos();
    }

    Future<Usage> start() {
        HttpServerResponse response = ex.response;
        UpstreamHeaders.copy(upstream, response);
        response.putHeader("cache-control", "no-cache");
        response.setChunked(true);
        tap.onFirstContent(() -> {
            ex.firstTokenNanos = System.nanoTime();
            meters.timeToFirstToken(ex.model, ex.firstTokenNanos - ex.startNanos);
        });
        ex.cancellation.onCancel(this::clientGone);
        ReadStream<Buffer> body = upstream.body();
        body.handler(this::chunk);
        body.endHandler(v -> finish());
        body.exceptionHandler(e -> abort("upstream_error", "upstream connection failed: " + e.getMessage()));
        lastChunkNanos = System.nanoTime();
        armTimer(idleNanos);
        response.writeHead();
        body.resume();
        return done.future();
    }

    private void chunk(Buffer chunk) {
        lastChunkNanos = System.nanoTime();
        tap.feed(chunk);
        if (tee != null) {
            tee.accept(chunk);
        }
        HttpServerResponse response = ex.response;
        if (ex.closed()) {
            return;
        }
        response.write(chunk);
        if (response.writeQueueFull()) {
            upstream.body().pause();
            response.drainHandler(v -> upstream.body().resume());
        }
    }

    private void armTimer(long delayNanos) {
        timerId = vertx.setTimer(Math.max(1, delayNanos / 1_000_000), id -> {
            long quiet = System.nanoTime() - lastChunkNanos;
            if (done.future().isComplete()) {
                return;
            }
            if (quiet >= idleNanos) {
                // Abort first: failing the upstream resets it, whose exception must not win the race.
                abort("idle_timeout", "upstream sent no event for " + idleNanos / 1_000_000 + " ms");
                upstream.fail("stream idle for " + quiet / 1_000_000 + " ms");
            } else {
                armTimer(idleNanos - quiet);
            }
        });
    }

    private void finish() {
        vertx.cancelTimer(timerId);
        Future<Void> before = beforeEnd != null && tap.sawMessageStop() ? beforeEnd.get() : Future.succeededFuture();
        before.onComplete(ar -> {
            if (!ex.closed()) {
                if (!tap.sawMessageStop() && !tap.sawError()) {
                    ex.response.write(ErrorBodies.sseEvent(ErrorType.API,
                            "upstream ended the stream before message_stop", ex.requestId));
                    meters.streamError("truncated");
                }
                ex.response.end();
            }
            done.tryComplete(tap.usage);
        });
    }

    /** Ends the stream with an Anthropic error event: the SDKs raise on it, so the client is not left waiting. */
    private void abort(String reason, String message) {
        vertx.cancelTimer(timerId);
        if (done.future().isComplete()) {
            return;
        }
        meters.streamError(reason);
        if (!ex.closed()) {
            ex.response.end(ErrorBodies.sseEvent(type(reason), message, ex.requestId));
        }
        done.tryComplete(tap.usage);
    }

    private static ErrorType type(String reason) {
        return "idle_timeout".equals(reason) ? ErrorType.TIMEOUT : ErrorType.API;
    }

    private void clientGone() {
        vertx.cancelTimer(timerId);
        if (!done.future().isComplete()) {
            upstream.cancel();
            meters.streamError("client_closed");
            done.tryComplete(tap.usage);
        }
    }
}
