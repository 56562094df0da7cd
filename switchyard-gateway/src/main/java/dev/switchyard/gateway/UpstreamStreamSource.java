package dev.switchyard.gateway;

import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * An upstream event stream as a source, chunk by chunk as it arrives, never buffered whole. Stalls: one
 * timer per stream, re-armed lazily (it checks the time of the last chunk when it fires rather than
 * being reset on every chunk) ends the stream with a timeout error after the idle timeout. A stream that
 * ends without message_stop (and without an error event of its own) ends with an error event, so the
 * SDKs do not take a cut answer for a whole one. A client that goes away cancels the upstream request.
 */
final class UpstreamStreamSource implements EventSource {
    private final Vertx vertx;
    private final Exchange ex;
    private final UpstreamResponse upstream;
    private final GatewayMeters meters;
    private final long idleNanos;
    private EventPipeline pipeline;
    private SseEventSplitter splitter;
    private boolean sawStop;
    private boolean sawError;
    private boolean ended;
    private long lastChunkNanos;
    private long timerId = -1;
    private GatewayMeters.OpenStream open;

    UpstreamStreamSource(Vertx vertx, Exchange ex, UpstreamResponse upstream, GatewayMeters meters) {
        this.vertx = vertx;
        this.ex = ex;
        this.upstream = upstream;
        this.meters = meters;
        this.idleNanos = upstream.idleTimeout().toNanos();
    }

    @Override
    public void start(EventPipeline pipeline) {
        this.pipeline = pipeline;
        this.splitter = new SseEventSplitter(this::event);
        open = meters.streamStarted(ex.model, ex.deployment, System.nanoTime());
        ex.cancellation.onCancel(this::clientGone);
        ReadStream<Buffer> body = upstream.body();
        body.handler(this::chunk);
        body.endHandler(v -> end());
        body.exceptionHandler(e -> abort("upstream_error", ErrorType.API, "upstream connection failed: "
                + e.getMessage()));
        lastChunkNanos = System.nanoTime();
        armTimer(idleNanos);
        body.resume();
    }

    @Override
    public void pause() {
        upstream.body().pause();
    }

    @Override
    public void resume() {
        upstream.body().resume();
    }

    @Override
    public void stop() {
        // Only a stop from outside (a stage refused what came) withdraws the call; when the source ended
        // the stream itself, the upstream is already settled the way it ended (an idle stall fails it).
        if (!ended) {
            over();
            upstream.cancel();
        }
    }

    private void chunk(Buffer chunk) {
        lastChunkNanos = System.nanoTime();
        splitter.feed(chunk);
        pipeline.flush();
    }

    private void event(ResponseEvent event) {
        switch (event.type()) {
            case "message_stop" -> sawStop = true;
            case "error" -> sawError = true;
            default -> { }
        }
        pipeline.emit(event);
    }

    private void end() {
        if (ended) {
            return;
        }
        splitter.end();
        over();
        if (!sawStop && !sawError) {
            meters.streamError("truncated");
            pipeline.fail(new ApiException(ErrorType.API, "upstream ended the stream before message_stop"));
            return;
        }
        pipeline.flush();
        pipeline.finish(sawStop && !sawError);
    }

    private void armTimer(long delayNanos) {
        timerId = vertx.setTimer(Math.max(1, delayNanos / 1_000_000), id -> {
            if (ended) {
                return;
            }
            long quiet = System.nanoTime() - lastChunkNanos;
            if (quiet >= idleNanos) {
                // Abort first: failing the upstream resets it, whose exception must not win the race.
                abort("idle_timeout", ErrorType.TIMEOUT, "upstream sent no event for " + idleNanos / 1_000_000
                        + " ms");
                upstream.fail("stream idle for " + quiet / 1_000_000 + " ms");
            } else {
                armTimer(idleNanos - quiet);
            }
        });
    }

    /** Ends the stream with an Anthropic error event: the SDKs raise on it, so the client is not left waiting. */
    private void abort(String reason, ErrorType type, String message) {
        if (ended) {
            return;
        }
        over();
        meters.streamError(reason);
        pipeline.fail(new ApiException(type, message));
    }

    private void clientGone() {
        if (!ended) {
            over();
            upstream.cancel();
            meters.streamError("client_closed");
            pipeline.clientGone();
        }
    }

    private void over() {
        if (!ended) {
            ended = true;
            vertx.cancelTimer(timerId);
            meters.streamEnded(open, System.nanoTime());
        }
    }
}
