package dev.switchyard.upstream.impl;

import dev.switchyard.claude.RelayedBody;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An upstream response handed to the call site. It owns the deployment's in-flight slot and
 * releases it exactly once, whichever way the body ends: read to the end, failed, or cancelled.
 */
final class RelayedResponse extends RelayedBody {
    private final Target target;
    /** The breaker of the lane that made this call: a count_tokens failure must not count against messages. */
    private final CircuitBreaker breaker;
    private final String model;
    private final boolean fallback;
    private final int attempts;
    private final long startNanos;

    RelayedResponse(Vertx vertx, HttpClientResponse response, Target target, CircuitBreaker breaker, String model,
            boolean fallback, int attempts, long startNanos) {
        super(vertx, response);
        this.target = target;
        this.breaker = breaker;
        this.model = model;
        this.fallback = fallback;
        this.attempts = attempts;
        this.startNanos = startNanos;
    }

    @Override
    protected void onSettled(boolean complete) {
        target.deployment().release();
    }

    @Override
    protected long bodyDeadlineMillis() {
        return target.deployment().config().timeouts().body().toMillis();
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
            target.deployment().release();
            response().request().reset();
        }
    }

    @Override
    public void fail(String reason) {
        if (settle()) {
            target.deployment().release();
            breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, new UpstreamFailure(reason));
            response().request().reset();
        }
    }
}
