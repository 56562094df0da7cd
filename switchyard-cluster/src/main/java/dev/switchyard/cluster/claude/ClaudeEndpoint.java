package dev.switchyard.cluster.claude;

import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ForwardCall;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.cluster.RpcCall;
import dev.switchyard.cluster.RpcHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import java.util.Map;

/**
 * The claude role on the role port: each call is sent upstream by the local {@link ClaudeService} and its
 * answer relayed chunk by chunk as it arrives (nothing is buffered beyond the write queue's backpressure).
 * A caller that resets the stream cancels the upstream call; one that reports a broken answer (an
 * INTERNAL_ERROR reset) fails it, so the deployment's breaker counts it as the in-process caller would.
 */
public final class ClaudeEndpoint {
    private final ClaudeService claude;

    public ClaudeEndpoint(ClaudeService claude) {
        this.claude = claude;
    }

    public Map<String, RpcHandler> routes() {
        return Map.of(ClaudeWire.ROLE + "/" + ClaudeWire.SEND, this::send,
                ClaudeWire.ROLE + "/" + ClaudeWire.FORWARD, this::forward,
                ClaudeWire.ROLE + "/" + ClaudeWire.MODELS, call -> call.reply(claude.models()));
    }

    private void send(RpcCall call) {
        UpstreamCall upstreamCall = new UpstreamCall(call.requestId(), call.header(ClaudeWire.PATH),
                call.header(ClaudeWire.MODEL), "true".equals(call.header(ClaudeWire.STREAM)), call.body(), null,
                call.header("anthropic-version"), call.header("anthropic-beta"), call.cancellation());
        claude.send(upstreamCall).onComplete(ar -> {
            if (ar.failed()) {
                call.fail(ar.cause());
            } else {
                relay(call, ar.result());
            }
        });
    }

    /** A pass-through call: only the forwarded client headers travel on (the caller filters them again). */
    private void forward(RpcCall call) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        call.headers().forEach(h -> {
            if (ClaudeWire.forwarded(h.getKey())) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        HttpMethod method = HttpMethod.valueOf(call.header(ClaudeWire.METHOD));
        ForwardCall forward = new ForwardCall(call.requestId(), method, call.header(ClaudeWire.PATH), headers,
                call.body(), call.header(ClaudeWire.PIN), call.header(ClaudeWire.MODEL), call.cancellation());
        claude.forward(forward).onComplete(ar -> {
            if (ar.failed()) {
                call.fail(ar.cause());
            } else {
                relay(call, ar.result());
            }
        });
    }

    private static void relay(RpcCall call, UpstreamResponse upstream) {
        HttpServerResponse response = call.response();
        if (call.cancellation().isCancelled() || response.closed()) {
            upstream.cancel();
            return;
        }
        Relay relay = new Relay(upstream, call);
        call.cancellation().onCancel(relay::cancel);
        response.setStatusCode(upstream.status());
        upstream.headers().forEach(h -> {
            if (ClaudeWire.relayed(h.getKey())) {
                response.headers().add(h.getKey(), h.getValue());
            }
        });
        response.putHeader(ClaudeWire.DEPLOYMENT, upstream.deployment())
                .putHeader(ClaudeWire.SERVED_MODEL, upstream.model() == null ? "" : upstream.model())
                .putHeader(ClaudeWire.FALLBACK, Boolean.toString(upstream.fallback()))
                .putHeader(ClaudeWire.ATTEMPTS, Integer.toString(upstream.attempts()))
                .putHeader(ClaudeWire.IDLE_TIMEOUT, Long.toString(upstream.idleTimeout().toMillis()));
        // The head goes now, as the upstream's came: the caller holds its response (and its head timeout
        // stops) before the first event, however long the upstream takes to send it. Chunked: for
        // HTTP/1.1 callers (curl); HTTP/2 ignores it.
        response.setChunked(true).writeHead();
        ReadStream<Buffer> body = upstream.body();
        body.handler(chunk -> {
            response.write(chunk);
            if (response.writeQueueFull()) {
                body.pause();
                response.drainHandler(v -> body.resume());
            }
        });
        body.exceptionHandler(e -> relay.failed(response));
        body.endHandler(v -> relay.ended(response));
        body.resume();
    }

    /** Ends the relay exactly once: the body ended, failed, or the caller went away. Runs on one event loop. */
    private static final class Relay {
        private final UpstreamResponse upstream;
        private final RpcCall call;
        private boolean over;

        Relay(UpstreamResponse upstream, RpcCall call) {
            this.upstream = upstream;
            this.call = call;
        }

        void ended(HttpServerResponse response) {
            if (!over) {
                over = true;
                response.end();
            }
        }

        void failed(HttpServerResponse response) {
            if (!over) {
                over = true;
                response.reset(2);
            }
        }

        void cancel() {
            if (!over) {
                over = true;
                if (call.callerReportedFailure()) {
                    upstream.fail("the calling role found the answer broken");
                } else {
                    upstream.cancel();
                }
            }
        }
    }
}
