package dev.switchyard.upstream.impl;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.claude.UpstreamResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An upstream response handed to the call site. It owns the deployment's in-flight slot and
 * releases it exactly once, whichever way the body ends: read to the end, failed, or cancelled.
 * All callbacks run on the request's event loop, so {@code settled} needs no synchronization.
 */
final class RelayedResponse implements UpstreamResponse, ReadStream<Buffer> {
    private final Vertx vertx;
    private final HttpClientResponse response;
    private final Target target;
    /** The breaker of the lane that made this call: a count_tokens failure must not count against messages. */
    private final CircuitBreaker breaker;
    private final String model;
    private final boolean fallback;
    private final int attempts;
    private final long startNanos;
    private boolean settled;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    RelayedResponse(Vertx vertx, HttpClientResponse response, Target target, CircuitBreaker breaker, String model,
            boolean fallback, int attempts, long startNanos) {
        this.vertx = vertx;
        this.response = response;
        this.target = target;
        this.breaker = breaker;
        this.model = model;
        this.fallback = fallback;
        this.attempts = attempts;
        this.startNanos = startNanos;
        response.pause();
        response.endHandler(v -> {
            settle();
            if (endHandler != null) {
                endHandler.handle(null);
            }
        });
        response.exceptionHandler(e -> {
            settle();
            if (exceptionHandler != null) {
                exceptionHandler.handle(e);
            }
        });
    }

    private boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        target.deployment().release();
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

    /**
     * Reads the whole body within the deployment's body deadline. The idle timeout alone would let an
     * upstream that sends a byte now and then hold the client, and the deployment's slot, for ever.
     */
    @Override
    public Future<Buffer> fullBody() {
        Promise<Buffer> promise = Promise.promise();
        Buffer all = Buffer.buffer();
        long deadlineMillis = target.deployment().config().timeouts().body().toMillis();
        long timer = vertx.setTimer(Math.max(1, deadlineMillis), id -> {
            if (promise.tryFail(new ApiException(ErrorType.TIMEOUT, "upstream response body not complete within "
                    + deadlineMillis + " ms"))) {
                fail("response body not complete within " + deadlineMillis + " ms");
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
        return target.name();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean fallback() {
        return fallback;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public Duration idleTimeout() {
        return target.deployment().config().timeouts().idle();
    }

    @Override
    public void cancel() {
        if (settle()) {
            response.request().reset();
        }
    }

    @Override
    public void fail(String reason) {
        if (settle()) {
            breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS,
                    new UpstreamFailure(reason));
            response.request().reset();
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
}
