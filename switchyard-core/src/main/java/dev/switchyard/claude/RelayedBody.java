package dev.switchyard.claude;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.net.LoopTimeouts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;

/**
 * The body half of an {@link UpstreamResponse} read from an HTTP response: paused on arrival, its end or
 * failure settling the response exactly once ({@link #settled}) before the caller's handlers hear of it,
 * and {@link #fullBody} bounded by a deadline. The in-process caller and the claude role's remote client
 * differ only in what settling means and in the facts of the head. All callbacks run on the request's
 * event loop, so the flag needs no synchronization.
 */
public abstract class RelayedBody implements UpstreamResponse, ReadStream<Buffer> {
    private final Vertx vertx;
    private final HttpClientResponse response;
    private boolean settled;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    protected RelayedBody(Vertx vertx, HttpClientResponse response) {
        this.vertx = vertx;
        this.response = response;
        response.pause();
        response.endHandler(v -> {
            if (settle()) {
                onSettled(true);
            }
            if (endHandler != null) {
                endHandler.handle(null);
            }
        });
        response.exceptionHandler(e -> {
            if (settle()) {
                onSettled(false);
            }
            if (exceptionHandler != null) {
                exceptionHandler.handle(e);
            }
        });
    }

    /** The body ended ({@code complete}) or failed: release what the response holds. Called once at most. */
    protected abstract void onSettled(boolean complete);

    /** How long {@link #fullBody} may take, in milliseconds. */
    protected abstract long bodyDeadlineMillis();

    /** Marks the response settled; false when it already was (cancel, fail and the end race). */
    protected final boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }

    protected final HttpClientResponse response() {
        return response;
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

    /**
     * Reads the whole body within the deadline. An idle timeout alone would let an upstream that sends a
     * byte now and then hold the client, and the deployment's slot, for ever.
     */
    @Override
    public Future<Buffer> fullBody() {
        Promise<Buffer> promise = Promise.promise();
        Buffer all = Buffer.buffer();
        long deadline = Math.max(1, bodyDeadlineMillis());
        LoopTimeouts.Timeout timeout = LoopTimeouts.start(vertx, deadline, () -> {
            if (promise.tryFail(new ApiException(ErrorType.TIMEOUT, "upstream response body not complete within "
                    + deadline + " ms"))) {
                fail("response body not complete within " + deadline + " ms");
            }
        });
        handler(all::appendBuffer);
        endHandler(v -> {
            timeout.cancel();
            promise.tryComplete(all);
        });
        exceptionHandler(e -> {
            timeout.cancel();
            promise.tryFail(e);
        });
        resume();
        return promise.future();
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
}
