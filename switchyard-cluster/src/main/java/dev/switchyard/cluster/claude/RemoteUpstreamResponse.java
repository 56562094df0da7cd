package dev.switchyard.cluster.claude;

import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.cluster.OpenCall;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;

/**
 * An answer relayed by a claude role: its head carries what the in-process caller would have said
 * (deployment, served model, fallback, attempts, idle timeout), its body is the upstream's bytes as they
 * arrive. Settles its {@link OpenCall} exactly once; callbacks run on the calling request's event loop.
 */
final class RemoteUpstreamResponse implements UpstreamResponse, ReadStream<Buffer> {
    private static final long DEFAULT_BODY_DEADLINE_MS = 600_000;

    private final Vertx vertx;
    private final OpenCall call;
    private final HttpClientResponse response;
    private boolean settled;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    RemoteUpstreamResponse(Vertx vertx, OpenCall call) {
        this.vertx = vertx;
        this.call = call;
        this.response = call.response();
        response.endHandler(v -> {
            settle(true);
            if (endHandler != null) {
                endHandler.handle(null);
            }
        });
        response.exceptionHandler(e -> {
            settle(false);
            if (exceptionHandler != null) {
                exceptionHandler.handle(e);
            }
        });
    }

    private boolean settle(boolean success) {
        if (settled) {
            return false;
        }
        settled = true;
        call.finish(success);
        return true;
    }

    @Override
    public int status() {
        return response.statusCode();
    }

    @Override
    public MultiMap headers() {
        return response.headers();
    }

    @Override
    public ReadStream<Buffer> body() {
        return this;
    }

    /** The whole body; the claude role bounds its own upstream's body time, this bounds the hop. */
    @Override
    public Future<Buffer> fullBody() {
        Promise<Buffer> promise = Promise.promise();
        Buffer all = Buffer.buffer();
        long timer = vertx.setTimer(DEFAULT_BODY_DEADLINE_MS, id -> {
            if (promise.tryFail(new ApiException(ErrorType.TIMEOUT, "claude role's answer not complete in time"))) {
                fail("body not complete in time");
            }
        });
        handler(all::appendBuffer);
        endHandler(v -> {
            vertx.cancelTimer(timer);
            promise.tryComplete(all);
        });
        exceptionHandler(e -> {
            vertx.cancelTimer(timer);
            promise.tryFail(e);
        });
        resume();
        return promise.future();
    }

    @Override
    public String deployment() {
        String d = response.getHeader(ClaudeWire.DEPLOYMENT);
        return d == null ? "" : d;
    }

    @Override
    public String model() {
        String m = response.getHeader(ClaudeWire.SERVED_MODEL);
        return m == null ? "" : m;
    }

    @Override
    public boolean fallback() {
        return "true".equals(response.getHeader(ClaudeWire.FALLBACK));
    }

    @Override
    public int attempts() {
        return parse(response.getHeader(ClaudeWire.ATTEMPTS), 1);
    }

    @Override
    public Duration idleTimeout() {
        return Duration.ofMillis(parse(response.getHeader(ClaudeWire.IDLE_TIMEOUT), 60_000));
    }

    @Override
    public void cancel() {
        if (!settled) {
            settled = true;
            call.reset(false);
        }
    }

    @Override
    public void fail(String reason) {
        if (!settled) {
            settled = true;
            call.reset(true);
        }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        response.handler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        response.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        response.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        response.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }

    private static int parse(String value, int dflt) {
        try {
            return value == null ? dflt : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
