package dev.switchyard.cluster;

import io.opentelemetry.context.Context;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Span;
import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.core.telemetry.TraceNames;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchyard.claude.Cancellation;
import dev.switchyard.core.balance.LoadBalancer;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.InstanceSet;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Calls one role on its instances: picks an instance in rotation with the role's balancer, sends the
 * call with the cluster secret and the caller's remaining time, and reports every outcome to the role's
 * {@link InstanceSet} (passive outlier detection next to its active checks).
 *
 * <p>A call that never reached an instance (connection refused: the instance is gone) is tried on
 * another one; so is an idempotent call, or a stream's opening, cut before its answer began, and a call the
 * instance answered it did nothing for ({@link ClusterProtocol#UNSERVED_HEADER}). At most
 * {@link #MAX_ATTEMPTS} instances are tried, each once.
 */
public final class RoleClient {
    static final int MAX_ATTEMPTS = 3;

    private final Vertx vertx;
    private final String role;
    private final InstanceSet instances;
    private final LoadBalancer balancer;
    /** The calling event loop's client: a call's stream then stays on the loop that made it. */
    private final Supplier<? extends HttpClient> http;
    private final ClusterSecret secret;
    private final Duration callTimeout;
    private final ConcurrentHashMap<String, RoleEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Tracing tracing;

    public RoleClient(Vertx vertx, String role, InstanceSet instances, LoadBalancer balancer,
            Supplier<? extends HttpClient> http, ClusterSecret secret, Duration callTimeout) {
        this(vertx, role, instances, balancer, http, secret, callTimeout, Tracing.NOOP);
    }

    /** {@code tracing}: each call a client span under the caller's current span, sent in the call's headers. */
    public RoleClient(Vertx vertx, String role, InstanceSet instances, LoadBalancer balancer,
            Supplier<? extends HttpClient> http, ClusterSecret secret, Duration callTimeout, Tracing tracing) {
        this.tracing = tracing;
        this.vertx = vertx;
        this.role = role;
        this.instances = instances;
        this.balancer = balancer;
        this.http = http;
        this.secret = secret;
        this.callTimeout = callTimeout;
    }

    public String role() {
        return role;
    }

    public InstanceSet instances() {
        return instances;
    }

    /** Whether some instance of the role is known (healthy or, in panic mode, not). */
    public boolean available() {
        return !instances.inRotation().isEmpty();
    }

    /** A decoded answer and the instance that gave it, for calls that must later reach the same instance. */
    public record Answer<T>(Instance instance, T value) {}

    /** HTTP/2 CANCEL: the caller withdrew the call (its deadline passed, or its own client left). */
    static final long CANCEL = 8;

    /** A JSON call: {@code request} encoded, the 2xx answer decoded as {@code type} (Void: ignored). */
    public <T> Future<T> call(String method, Object request, Class<T> type, boolean idempotent, String requestId) {
        return exchange(method, request, type, idempotent, requestId, null).map(Answer::value);
    }

    /**
     * A JSON call with its own deadline instead of the role's call timeout (the cache's calls: a sick
     * role must not slow the request path); the callee is told the same deadline.
     */
    public <T> Future<T> call(String method, Object request, Class<T> type, boolean idempotent, String requestId,
            Duration timeout) {
        return exchange(method, request, type, idempotent, requestId, null, timeout).map(Answer::value);
    }

    /**
     * A JSON call as {@link #call}, answered with the instance that answered. {@code preferInstanceId}
     * (null: none) is tried first when this client knows it, even out of rotation (an unhealthy or a
     * deregistered, draining instance may still hold the state the call is about); the others after it
     * as usual.
     */
    public <T> Future<Answer<T>> exchange(String method, Object request, Class<T> type, boolean idempotent,
            String requestId, String preferInstanceId) {
        return exchange(method, request, type, idempotent, requestId, preferInstanceId, callTimeout);
    }

    private <T> Future<Answer<T>> exchange(String method, Object request, Class<T> type, boolean idempotent,
            String requestId, String preferInstanceId, Duration timeout) {
        Buffer body;
        try {
            body = Buffer.buffer(Json.mapper().writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(e);
        }
        return whole(method, body, idempotent, requestId, preferInstanceId, timeout)
                .compose(reply -> decode(reply.value(), type).map(value -> new Answer<>(reply.instance(), value)));
    }

    /** A call whose whole answer is read; a non-2xx answer fails with the error it carries. */
    public Future<Buffer> call(String method, Buffer body, boolean idempotent, String requestId) {
        return whole(method, body, idempotent, requestId, null, callTimeout).map(Answer::value);
    }

    private Future<Answer<Buffer>> whole(String method, Buffer body, boolean idempotent, String requestId,
            String preferInstanceId, Duration timeout) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
        return open(method, headers, body, idempotent, timeout, null, requestId, preferInstanceId)
                .compose(stream -> {
                    HttpClientResponse response = stream.response();
                    // an honest rejection (overloaded, timeout, not found...) says nothing against the instance;
                    // an api_error (500) is the role itself breaking
                    return stream.body().andThen(ar -> stream.finish(ar.succeeded() && response.statusCode() != 500))
                            .compose(b -> response.statusCode() / 100 == 2
                                    ? Future.succeededFuture(new Answer<>(stream.instance(), b))
                                    : Future.failedFuture(RemoteErrors.read(role, response.statusCode(),
                                            response.headers(), b)));
                });
    }

    /**
     * Opens a call whose answer the caller reads itself (a stream). Completes when the answer's head has
     * arrived, its body paused; the caller must {@link OpenCall#finish} it once the body ended or failed.
     * {@code timeout} bounds the wait for the head; {@code cancellation} withdraws the call (the stream
     * is reset, so the callee stops too).
     */
    public Future<OpenCall> open(String method, MultiMap headers, Buffer body, boolean retryAfterSend,
            Duration timeout, Cancellation cancellation, String requestId) {
        return open(method, headers, body, retryAfterSend, timeout, cancellation, requestId, null);
    }

    /**
     * Forwards a plain HTTP request to an instance of the role (the admin API of the auth role), the cluster
     * secret added; tried on another instance only when the first cannot be reached.
     */
    public Future<OpenCall> forward(HttpMethod method, String uri, MultiMap headers, Buffer body, String requestId) {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        Promise<OpenCall> promise = Promise.promise();
        attempt(new Attempts(method, uri, headers, body, false, deadline, null, requestId, null, callerContext()),
                new HashSet<>(), null, promise);
        return promise.future();
    }

    private Future<OpenCall> open(String method, MultiMap headers, Buffer body, boolean retryAfterSend,
            Duration timeout, Cancellation cancellation, String requestId, String preferInstanceId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Promise<OpenCall> promise = Promise.promise();
        Attempts attempts = new Attempts(HttpMethod.POST, ClusterProtocol.path(role, method), headers, body,
                retryAfterSend, deadline, cancellation, requestId, preferInstanceId, callerContext());
        attempt(attempts, new HashSet<>(), null, promise);
        return promise.future();
    }

    /** What every attempt of one call shares. */
    private record Attempts(HttpMethod httpMethod, String uri, MultiMap headers, Buffer body, boolean retryAfterSend, long deadline,
            Cancellation cancellation, String requestId, String preferInstanceId, Context parent) {}

    /** The span current when the call began (attempts run later, in callbacks); null when not tracing. */
    private Context callerContext() {
        return tracing.enabled() ? Context.current() : null;
    }

    /** A client span for one attempt, its context written into {@code headers}; invalid when not tracing. */
    private Span attemptSpan(Attempts call, Instance instance, MultiMap headers) {
        if (call.parent() == null) {
            return Span.getInvalid();
        }
        String method = call.uri().startsWith(ClusterProtocol.RPC_PREFIX)
                ? call.uri().substring(ClusterProtocol.RPC_PREFIX.length()) : call.uri();
        Span span = tracing.span("role " + method, SpanKind.CLIENT, call.parent())
                .setAttribute(TraceNames.ROLE, role).setAttribute(TraceNames.INSTANCE, instance.id())
                .setAttribute(TraceNames.REQUEST_ID, call.requestId() == null ? "" : call.requestId()).startSpan();
        tracing.inject(call.parent().with(span), headers);
        return span;
    }

    private static void endSpan(Span span, Throwable failure, int status) {
        if (status > 0) {
            span.setAttribute(TraceNames.HTTP_STATUS, status);
        }
        if (failure != null || status >= 500) {
            span.setStatus(StatusCode.ERROR, failure == null ? "http_" + status : failure.getClass().getSimpleName());
        }
        span.end();
    }

    private void attempt(Attempts call, Set<String> tried, Throwable lastFailure, Promise<OpenCall> promise) {
        Cancellation cancellation = call.cancellation();
        if (cancellation != null && cancellation.isCancelled()) {
            promise.tryFail(new ApiException(ErrorType.API, "call withdrawn"));
            return;
        }
        RoleEndpoint endpoint = tried.size() < MAX_ATTEMPTS ? pick(tried, call.preferInstanceId()) : null;
        if (endpoint == null) {
            promise.tryFail(lastFailure != null ? unreachable(lastFailure)
                    : new ApiException(ErrorType.OVERLOADED, "no instance of role " + role + " is available"));
            return;
        }
        long remainingMs = (call.deadline() - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
            promise.tryFail(timedOut());
            return;
        }
        Instance instance = endpoint.instance();
        tried.add(instance.id());
        endpoint.started();
        instances.callStarted(instance.id());
        long start = System.nanoTime();
        OpenCall.Finisher finisher = new OpenCall.Finisher(endpoint, instances, start);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .addAll(call.headers()).set(ClusterProtocol.SECRET_HEADER, secret.value())
                .set(ClusterProtocol.TIMEOUT_HEADER, Long.toString(remainingMs))
                .set(ClusterProtocol.REQUEST_ID_HEADER, call.requestId() == null ? "" : call.requestId());
        Span span = attemptSpan(call, instance, headers);
        // The deadline covers getting a connection too: without it a call to an instance that accepts TCP and
        // never completes the HTTP/2 preface waited forever (the client's connect timeout ends at TCP).
        RequestOptions options = new RequestOptions().setMethod(call.httpMethod())
                .setHost(instance.address().getHost()).setPort(port(instance))
                .setURI(call.uri()).setHeaders(headers).setConnectTimeout(remainingMs);
        http.get().request(options).onComplete(connected -> {
            if (connected.failed()) {
                endSpan(span, connected.cause(), 0);
                finisher.finish(false);
                if (System.nanoTime() - call.deadline() >= 0) {
                    promise.tryFail(timedOut());
                } else {
                    attempt(call, tried, connected.cause(), promise);
                }
                return;
            }
            HttpClientRequest request = connected.result();
            // what is left of the deadline once a connection was lent (at least 1 ms: a timer cannot be 0)
            long leftMs = Math.max(1, (call.deadline() - System.nanoTime()) / 1_000_000);
            long timer = vertx.setTimer(leftMs, id -> request.reset(CANCEL));
            Runnable stopCancel = cancellation == null ? () -> {} : cancellation.onCancel(() -> request.reset(CANCEL));
            request.send(call.body()).onComplete(sent -> {
                vertx.cancelTimer(timer);
                endSpan(span, sent.cause(), sent.succeeded() ? sent.result().statusCode() : 0);
                if (sent.succeeded()) {
                    HttpClientResponse response = sent.result();
                    if (response.getHeader(ClusterProtocol.LEAVING_HEADER) != null) {
                        instances.reportLeaving(instance.id());
                    }
                    if (response.getHeader(ClusterProtocol.UNSERVED_HEADER) != null) {
                        stopCancel.run();
                        tryAnother(call, tried, response, finisher, promise);
                        return;
                    }
                    response.pause();
                    promise.tryComplete(new OpenCall(instance, request, response, finisher, stopCancel));
                    return;
                }
                stopCancel.run();
                boolean withdrawn = cancellation != null && cancellation.isCancelled();
                // A call its caller withdrew says nothing against the instance (as OpenCall.reset(false)).
                finisher.finish(withdrawn);
                if (System.nanoTime() - call.deadline() >= 0) {
                    promise.tryFail(timedOut());
                } else if (call.retryAfterSend() && !withdrawn) {
                    attempt(call, tried, sent.cause(), promise);
                } else {
                    promise.tryFail(unreachable(sent.cause()));
                }
            });
        });
    }

    /**
     * The instance did nothing for the call (it could not reach what it needed, say its upstream): the call
     * goes to another instance, which has its own network and breakers. Its refusal is what the caller gets
     * when none is left. Counted against the instance (passive outlier detection): one that refuses at once
     * would otherwise draw more calls from least_connections and latency balancers than those that serve; when
     * every instance refuses (an upstream outage), panic mode keeps them all in use. The body is asked for
     * here, in send's own listener (vert.x#6038, as WholeResponse).
     */
    private void tryAnother(Attempts call, Set<String> tried, HttpClientResponse response,
            OpenCall.Finisher finisher, Promise<OpenCall> promise) {
        response.body().onComplete(body -> {
            finisher.finish(false);
            ApiException refusal = body.succeeded()
                    ? RemoteErrors.read(role, response.statusCode(), response.headers(), body.result())
                    : new ApiException(ErrorType.API, "role " + role + " cut its answer short");
            if (System.nanoTime() - call.deadline() >= 0) {
                promise.tryFail(refusal);
            } else {
                attempt(call, tried, refusal, promise);
            }
        });
    }

    private RoleEndpoint pick(Set<String> tried, String preferInstanceId) {
        if (preferInstanceId != null && !tried.contains(preferInstanceId)) {
            RoleEndpoint preferred = preferred(preferInstanceId);
            if (preferred != null) {
                return preferred;
            }
        }
        List<Instance> inRotation = instances.inRotation();
        List<RoleEndpoint> candidates = new ArrayList<>(inRotation.size());
        for (Instance instance : inRotation) {
            if (!tried.contains(instance.id())) {
                candidates.add(endpoint(instance));
            }
        }
        return balancer.pick(candidates);
    }

    /** The instance by id: in rotation, or one this client called before (out of rotation, or left the registry). */
    private RoleEndpoint preferred(String instanceId) {
        for (Instance instance : instances.inRotation()) {
            if (instance.id().equals(instanceId)) {
                return endpoint(instance);
            }
        }
        return endpoints.get(instanceId);
    }

    private RoleEndpoint endpoint(Instance instance) {
        RoleEndpoint e = endpoints.get(instance.id());
        if (e == null || !e.instance().equals(instance)) {
            e = new RoleEndpoint(instance);
            endpoints.put(instance.id(), e);
        }
        return e;
    }

    private ApiException timedOut() {
        return new ApiException(ErrorType.TIMEOUT, "role " + role + " did not answer in time");
    }

    private ApiException unreachable(Throwable cause) {
        if (cause instanceof ApiException a) {
            return a;
        }
        return new ApiException(ErrorType.OVERLOADED, "role " + role + " is unreachable ("
                + cause.getClass().getSimpleName() + ")");
    }

    private static int port(Instance instance) {
        int port = instance.address().getPort();
        return port > 0 ? port : "https".equals(instance.address().getScheme()) ? 443 : 80;
    }

    private <T> Future<T> decode(Buffer body, Class<T> type) {
        if (type == Void.class) {
            return Future.succeededFuture();
        }
        try {
            return Future.succeededFuture(Json.mapper().readValue(body.getBytes(), type));
        } catch (IOException e) {
            return Future.failedFuture(new ApiException(ErrorType.API, "role " + role + " answered a body that does"
                    + " not decode as " + type.getSimpleName()));
        }
    }
}
