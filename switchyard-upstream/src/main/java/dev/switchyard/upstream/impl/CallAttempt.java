package dev.switchyard.upstream.impl;

import dev.switchyard.core.net.HeaderNames;
import dev.switchyard.core.telemetry.Tracing;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.config.UpstreamConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.error.UnservedException;
import dev.switchyard.core.json.Json;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client call on its way upstream: tries deployments of the model, then of each fallback model,
 * until one answers with something that is not retried. Runs on the caller's event loop; every
 * callback checks {@code done} so a late answer after a timeout or cancel is dropped, not doubled.
 */
final class CallAttempt {
    private final Vertx vertx;
    private final UpstreamCall call;
    private final List<ModelRoute> chain;
    private final UpstreamConfig config;
    private final UpstreamMeters meters;
    private final Clock clock;
    /** A count_tokens call: it uses the deployments' count_tokens breakers and cool-downs, not those of Messages. */
    private final boolean counting;
    private final Promise<UpstreamResponse> promise = Promise.promise();
    private final List<Deployment> tried = new ArrayList<>(3);
    private int chainIndex;
    private int attemptsOnModel;
    private int totalAttempts;
    private int waits;
    private String lastError = "no deployment was available";
    private boolean done;
    private boolean onlyRateLimited = true;
    /** Whether some try may have reached a deployment (it answered, or failed after its request could have gone). */
    private boolean reachedUpstream;
    private long retryAfterHintMillis;
    private Runnable cancelCurrent = () -> {};
    private final AttemptSpans spans;

    CallAttempt(Vertx vertx, UpstreamCall call, List<ModelRoute> chain, UpstreamConfig config, UpstreamMeters meters,
            Clock clock, Tracing tracing) {
        this.spans = new AttemptSpans(tracing, call.model());
        this.vertx = vertx;
        this.call = call;
        this.chain = chain;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        this.counting = call.path().endsWith("/count_tokens");
    }

    Promise<UpstreamResponse> start() {
        if (call.cancellation() != null) {
            call.cancellation().onCancel(this::cancel);
        }
        next();
        return promise;
    }

    private void cancel() {
        if (!done) {
            done = true;
            cancelCurrent.run();
            promise.tryFail(new ApiException(ErrorType.API, "request cancelled by client"));
        }
    }

    /** Starts the next try, waits out a retry-after, moves to the next fallback model, or gives up. */
    private void next() {
        while (!done && chainIndex < chain.size()) {
            ModelRoute route = chain.get(chainIndex);
            if (attemptsOnModel < config.maxAttempts()) {
                ModelRoute.Choice choice = route.pick(tried, counting);
                if (choice.target() == null && !tried.isEmpty()) {
                    choice = route.pick(List.of(), counting);
                }
                if (choice.target() != null) {
                    dispatch(route, choice.target());
                    return;
                }
                long wait = choice.coolDownMillis();
                if (wait > 0 && wait <= config.maxRetryAfter().toMillis() && waits++ < config.maxAttempts()) {
                    long timer = vertx.setTimer(wait, id -> next());
                    cancelCurrent = () -> vertx.cancelTimer(timer);
                    return;
                }
            }
            chainIndex++;
            attemptsOnModel = 0;
            tried.clear();
            if (chainIndex < chain.size()) {
                meters.fallback(route.label(), chain.get(chainIndex).label());
            }
        }
        if (!done) {
            done = true;
            if (totalAttempts > 0 && onlyRateLimited) {
                // Every deployment said 429: the client is told to slow down, not that we are down.
                promise.tryFail(new ApiException(ErrorType.RATE_LIMIT, "every deployment of model " + call.model()
                        + " is rate limited; last error: " + lastError,
                        Duration.ofMillis(Math.max(1000, retryAfterHintMillis))));
                return;
            }
            String message = "no upstream could serve model " + call.model() + " after " + totalAttempts
                    + " attempt(s); last error: " + lastError;
            // Nothing went upstream (unreachable from here, or held back by breakers): another process may serve it.
            promise.tryFail(reachedUpstream ? ApiException.overloaded(message)
                    : new UnservedException(ErrorType.OVERLOADED, message));
        }
    }

    private void dispatch(ModelRoute route, Target t) {
        Deployment d = t.deployment();
        d.acquire();
        attemptsOnModel++;
        totalAttempts++;
        long start = System.nanoTime();
        AttemptSpans.Attempt span = spans.start(t, totalAttempts, chainIndex > 0);
        Buffer body = bodyFor(t);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(d.host())
                .setPort(d.port())
                .setSsl(d.ssl())
                .setURI(d.path(call.path()));
        HeadRequest request = new HeadRequest(vertx);
        cancelCurrent = () -> {
            if (request.cancel()) {
                d.release();
                d.lane(counting).breaker().releasePermission();
                span.cancelled();
            }
        };
        request.start(d, options, req -> send(req, d, span, body), new HeadRequest.Outcome() {
            @Override
            public void answered(HttpClientResponse response) {
                CallAttempt.this.answered(route, t, start, span, response);
            }

            @Override
            public void failed(String reason, String detail) {
                CallAttempt.this.failed(route, t, start, span, reason, detail);
            }
        });
    }

    private void send(HttpClientRequest req, Deployment d, AttemptSpans.Attempt span, Buffer body) {
        req.putHeader(HeaderNames.CONTENT_TYPE, HeaderNames.APPLICATION_JSON);
        req.putHeader(HeaderNames.X_API_KEY, d.config().apiKey());
        req.putHeader(HeaderNames.ANTHROPIC_VERSION,
                call.anthropicVersion() == null ? HeaderNames.DEFAULT_ANTHROPIC_VERSION : call.anthropicVersion());
        if (call.anthropicBeta() != null) {
            req.putHeader(HeaderNames.ANTHROPIC_BETA, call.anthropicBeta());
        }
        if (call.stream()) {
            req.putHeader(HeaderNames.ACCEPT, HeaderNames.EVENT_STREAM);
        }
        span.inject(req.headers());
        req.end(body);
    }

    private void answered(ModelRoute route, Target t, long start, AttemptSpans.Attempt span, HttpClientResponse resp) {
        Deployment d = t.deployment();
        long nanos = System.nanoTime() - start;
        int status = resp.statusCode();
        reachedUpstream = true;
        meters.upstreamResponse(d, status, nanos);
        if (!RetryPolicy.retryable(status)) {
            span.answered(status);
            d.lane(counting).breaker().onSuccess(nanos, TimeUnit.NANOSECONDS);
            d.recordLatency(nanos / 1e6);
            cancelCurrent = () -> {};
            done = true;
            promise.tryComplete(new RelayedResponse(vertx, resp, t, d.lane(counting).breaker(), route.id(), chainIndex > 0,
                    totalAttempts, start));
            return;
        }
        long retryAfter = RetryPolicy.retryAfterMillis(resp.headers(), clock.millis());
        if (retryAfter > 0 || status == 429) {
            d.lane(counting).coolDown(Math.max(retryAfter, 1000));
            retryAfterHintMillis = Math.max(retryAfterHintMillis, retryAfter);
        }
        span.retried(status, retryAfter);
        resp.body().onComplete(b -> {
            String message = b.succeeded() ? errorMessage(b.result()) : "";
            failed(route, t, start, span, Integer.toString(status), "status " + status + message);
        });
    }

    private void failed(ModelRoute route, Target t, long start, AttemptSpans.Attempt span, String reason,
            String detail) {
        span.failed(reason);
        Deployment d = t.deployment();
        long nanos = System.nanoTime() - start;
        onlyRateLimited &= "429".equals(reason);
        reachedUpstream |= !"connect".equals(reason) && !"local".equals(reason);
        d.release();
        if ("local".equals(reason)) {
            d.lane(counting).breaker().releasePermission();
        } else {
            d.lane(counting).breaker().onError(nanos, TimeUnit.NANOSECONDS, new UpstreamFailure(detail));
        }
        if (!Character.isDigit(reason.charAt(0))) {
            meters.upstreamResponse(d, reason, nanos);
        }
        lastError = "deployment " + d.name() + ": " + detail;
        tried.add(d);
        cancelCurrent = () -> {};
        if (done) {
            return;
        }
        meters.retry(route.label(), reason);
        next();
    }

    private Buffer bodyFor(Target t) {
        if (t.upstreamModel().equals(call.model())) {
            return call.rawBody();
        }
        ObjectNode copy = Json.mapper().createObjectNode();
        try {
            // a call from another role carries only the raw body: parsed here, only when a rename needs it
            copy.setAll(call.body() != null ? call.body()
                    : (ObjectNode) Json.mapper().readTree(call.rawBody().getBytes()));
            copy.put("model", t.upstreamModel());
            return Buffer.buffer(Json.mapper().writeValueAsBytes(copy));
        } catch (IOException | ClassCastException e) {
            return call.rawBody();
        }
    }

    /** The upstream's own error message, cut short; it goes into the final 529 the client may see. */
    private static String errorMessage(Buffer body) {
        try {
            JsonNode n = Json.mapper().readTree(body.getBytes());
            String m = n.path("error").path("message").asText("");
            if (m.isEmpty()) {
                return "";
            }
            return " (" + (m.length() > 200 ? m.substring(0, 200) + "..." : m) + ")";
        } catch (Exception e) {
            return "";
        }
    }
}
