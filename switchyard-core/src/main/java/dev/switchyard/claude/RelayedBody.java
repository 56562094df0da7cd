package dev.switchyard.claude;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.net.LoopTimeouts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * The body half of an {@link UpstreamResponse} read from an HTTP response: paused on arrival, its end or
 * failure settling the response exactly once ({@link #settled}) before the caller's handlers hear of it,
 * and {@link #fullBody} bounded by a deadline. The in-process caller and the claude role's remote client
 * differ only in what settling means and in the facts of the head. All callbacks run on the request's
 * event loop, so the fields need no synchronization; a read started from another thread ({@link #fullBody},
 * {@link #fetch}) is handed to that loop first, or it would race the chunks arriving there.
 *
 * <p>Paused on arrival without pausing the HTTP response: resuming a Vert.x response queues a task on the
 * event loop, and that task holds the response, and every handler and exchange reachable from it, until
 * the loop runs it (in the core path's heap under load, most of the requests the young collections copied
 * were held so). The reader nearly always asks for the body within the head's own callback, before a byte
 * of it comes. So this stream keeps its own demand: what comes before the reader asks (the first chunk,
 * after which the response is paused, or an empty body's end) is kept and handed over when it asks, and
 * only a response paused here is resumed.
 */
public abstract class RelayedBody implements UpstreamResponse, ReadStream<Buffer> {
    private final Vertx vertx;
    private final HttpClientResponse response;
    /** The context the response arrived on; null when it was built off any context (then no hop). */
    private final Context context;
    private boolean settled;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    /** How many chunks the reader wants: 0 while paused (from arrival on), Long.MAX_VALUE while flowing. */
    private long demand;
    /** Whether the HTTP response is paused (once built, only this class pauses or resumes it). */
    private boolean responsePaused;
    /** Chunks that came while the reader wanted none; null while there are none. */
    private ArrayDeque<Buffer> early;
    /** The end came while the reader wanted nothing, or behind kept chunks: not yet handed over. */
    private boolean endKept;

    protected RelayedBody(Vertx vertx, HttpClientResponse response) {
        this(vertx, response, false);
    }

    /** {@code paused}: the response was paused when it arrived (by the call that made it), not here. */
    protected RelayedBody(Vertx vertx, HttpClientResponse response, boolean paused) {
        this.vertx = vertx;
        this.response = response;
        this.context = Vertx.currentContext();
        this.responsePaused = paused;
        response.handler(this::chunk);
        response.endHandler(v -> {
            if (demand > 0 && early == null) {
                end();
            } else {
                endKept = true;
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
        if (offContext()) {
            context.runOnContext(v -> readWhole(promise));
        } else {
            readWhole(promise);
        }
        return promise.future();
    }

    private boolean offContext() {
        return context != null && Vertx.currentContext() != context;
    }

    private void readWhole(Promise<Buffer> promise) {
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
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        demand = 0;
        if (!responsePaused) {
            responsePaused = true;
            response.pause();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (amount <= 0) {
            return this;
        }
        if (offContext()) {
            context.runOnContext(v -> fetch(amount));
            return this;
        }
        demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
        while (demand > 0 && early != null) {
            Buffer chunk = early.poll();
            if (early.isEmpty()) {
                early = null;
            }
            deliver(chunk);
        }
        if (demand > 0 && early == null) {
            if (endKept) {
                endKept = false;
                end();
            } else if (responsePaused) {
                responsePaused = false;
                response.resume();
            }
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }

    private void chunk(Buffer chunk) {
        if (demand > 0 && early == null) {
            deliver(chunk);
            return;
        }
        if (early == null) {
            early = new ArrayDeque<>(2);
        }
        early.add(chunk);
        if (!responsePaused) {
            responsePaused = true;
            response.pause();
        }
    }

    private void deliver(Buffer chunk) {
        if (demand != Long.MAX_VALUE) {
            demand--;
        }
        if (handler != null) {
            handler.handle(chunk);
        }
    }

    private void end() {
        if (settle()) {
            onSettled(true);
        }
        if (endHandler != null) {
            endHandler.handle(null);
        }
    }
}
