package dev.switchyard.upstream.impl;

import dev.switchyard.claude.ForwardCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.balance.LoadBalancer;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One pass-through call: the deployment chosen (or named), the client's request sent there once with the
 * deployment's key. Only a call that never reached a deployment (no connection) moves on to another one,
 * and only when no deployment was named: a batch or upload that reached one may have been created there.
 * Runs on the caller's event loop; {@code finished} drops a late answer after a timeout or cancel.
 */
final class ForwardAttempt {
    /** The client's headers that travel upstream; credentials and hop-by-hop headers never do. */
    private static final Set<String> FORWARDED = Set.of("content-type", "accept", "anthropic-version",
            "anthropic-beta", "content-length");
    private final Vertx vertx;
    private final ForwardCall call;
    private final List<Target> candidates;
    private final LoadBalancer balancer;
    private final UpstreamMeters meters;
    private final Tracing tracing;
    private final Context context = Context.current();
    private final Promise<UpstreamResponse> promise = Promise.promise();
    private final List<Target> tried = new ArrayList<>(2);
    private String lastError = "no deployment was available";

    ForwardAttempt(Vertx vertx, ForwardCall call, List<Target> candidates, LoadBalancer balancer,
            UpstreamMeters meters, Tracing tracing) {
        this.vertx = vertx;
        this.call = call;
        this.candidates = candidates;
        this.balancer = balancer;
        this.meters = meters;
        this.tracing = tracing;
    }

    Future<UpstreamResponse> start() {
        next();
        return promise.future();
    }

    private void next() {
        Target t = choose();
        if (t == null) {
            promise.tryFail(ApiException.overloaded("no deployment could take " + call.method() + " "
                    + call.pathOnly() + "; last error: " + lastError));
            return;
        }
        dispatch(t);
    }

    private Target choose() {
        List<Target> open = new ArrayList<>(candidates.size());
        for (Target t : candidates) {
            Deployment d = t.deployment();
            if (!tried.contains(t) && d.hasCapacity(d.forwarding())) {
                open.add(t);
            }
        }
        while (!open.isEmpty()) {
            Target t = balancer.pick(open);
            if (t.deployment().forwarding().breaker().tryAcquirePermission()) {
                return t;
            }
            open.remove(t);
        }
        return null;
    }

    private void dispatch(Target t) {
        Deployment d = t.deployment();
        d.acquire();
        long start = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(call.method()).setHost(d.host()).setPort(d.port())
                .setSsl(d.ssl()).setURI(d.path(call.path()));
        HeadRequest request = new HeadRequest(vertx);
        if (call.cancellation() != null) {
            call.cancellation().onCancel(() -> {
                if (request.cancel()) {
                    d.release();
                    d.forwarding().breaker().releasePermission();
                    promise.tryFail(new ApiException(ErrorType.API, "request cancelled by client"));
                }
            });
        }
        request.start(d, options, req -> send(req, d), new HeadRequest.Outcome() {
            @Override
            public void answered(HttpClientResponse response) {
                ForwardAttempt.this.answered(t, start, response);
            }

            @Override
            public void failed(String reason, String detail) {
                // only a call that never reached a deployment, and named none, may try another
                boolean another = call.deployment() == null && (reason.equals("connect") || reason.equals("local"));
                ForwardAttempt.this.failed(t, start, reason, detail, another);
            }
        });
    }

    private void send(HttpClientRequest req, Deployment d) {
        call.headers().forEach(h -> {
            if (FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                req.headers().add(h.getKey(), h.getValue());
            }
        });
        if (!req.headers().contains("anthropic-version")) {
            req.putHeader("anthropic-version", "2023-06-01");
        }
        req.putHeader("x-api-key", d.config().apiKey());
        tracing.inject(context, req.headers());
        if (call.body() == null || call.body().length() == 0) {
            req.headers().remove("content-length");
            req.end();
        } else {
            req.putHeader("content-length", Integer.toString(call.body().length()));
            req.end(call.body());
        }
    }

    /** Any answer goes to the client as the deployment gave it; a 5xx counts against the deployment's breaker. */
    private void answered(Target t, long start, HttpClientResponse resp) {
        Deployment d = t.deployment();
        long nanos = System.nanoTime() - start;
        int status = resp.statusCode();
        meters.upstreamResponse(d, status, nanos);
        if (status >= 500) {
            d.forwarding().breaker().onError(nanos, TimeUnit.NANOSECONDS, new UpstreamFailure("status " + status));
        } else {
            d.forwarding().breaker().onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
        promise.tryComplete(new RelayedResponse(vertx, resp, t, d.forwarding().breaker(), call.model(), false,
                tried.size() + 1, start));
    }

    private void failed(Target t, long start, String reason, String detail, boolean tryAnother) {
        Deployment d = t.deployment();
        long nanos = System.nanoTime() - start;
        d.release();
        if ("local".equals(reason)) {
            d.forwarding().breaker().releasePermission();
        } else {
            d.forwarding().breaker().onError(nanos, TimeUnit.NANOSECONDS, new UpstreamFailure(detail));
        }
        meters.upstreamResponse(d, reason, nanos);
        lastError = "deployment " + d.name() + ": " + detail;
        tried.add(t);
        if (tryAnother) {
            next();
        } else {
            promise.tryFail(ApiException.overloaded("deployment " + d.name() + " did not answer " + call.method()
                    + " " + call.pathOnly() + ": " + detail));
        }
    }
}
