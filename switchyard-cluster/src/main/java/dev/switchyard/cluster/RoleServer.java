package dev.switchyard.cluster;

import io.opentelemetry.context.Scope;
import io.opentelemetry.context.Context;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Span;
import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.core.telemetry.TraceNames;
import dev.switchyard.claude.Cancellation;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role port: serves this process's roles to other processes. Every request but {@code GET /health}
 * must carry the cluster secret; one without it is refused (401 authentication_error) before its body is
 * read or any handler sees it. One port speaks HTTP/2 cleartext with prior knowledge (what
 * {@link RoleClient} uses) and HTTP/1.1 (probes, curl).
 */
public final class RoleServer {
    private static final Logger log = LoggerFactory.getLogger(RoleServer.class);
    /** Streams one caller connection may carry at once: enough for thousands of streams over a few connections. */
    static final int MAX_CONCURRENT_STREAMS = 10_000;
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final Vertx vertx;
    private final HttpServer server;
    private final LongAdder requests;
    private final Dispatcher dispatcher;

    private RoleServer(Vertx vertx, HttpServer server, LongAdder requests, Dispatcher dispatcher) {
        this.vertx = vertx;
        this.server = server;
        this.requests = requests;
        this.dispatcher = dispatcher;
    }

    /** From now on every answer tells its caller that this instance is leaving, so callers stop choosing it. */
    public void leaving() {
        dispatcher.leaving = true;
    }

    /**
     * Listens on {@code host:port} (0: any free port). {@code routes} maps {@code ROLE/METHOD} to its
     * handler; {@code health} answers {@code GET /health}.
     */
    public static Future<RoleServer> start(Vertx vertx, String host, int port, ClusterSecret secret,
            Map<String, RpcHandler> routes, Handler<HttpServerRequest> health) {
        return start(vertx, host, port, secret, routes, health, null);
    }

    /**
     * As above, and {@code admin} (when not null) serves {@code /admin/*} requests forwarded by gateways
     * (the auth role's admin API): the cluster secret is checked first, then the admin API's own key.
     */
    public static Future<RoleServer> start(Vertx vertx, String host, int port, ClusterSecret secret,
            Map<String, RpcHandler> routes, Handler<HttpServerRequest> health, Handler<HttpServerRequest> admin) {
        return start(vertx, host, port, secret, routes, health, admin, Tracing.NOOP);
    }

    /** As above; {@code tracing}: each role call a server span under the caller's span. */
    public static Future<RoleServer> start(Vertx vertx, String host, int port, ClusterSecret secret,
            Map<String, RpcHandler> routes, Handler<HttpServerRequest> health, Handler<HttpServerRequest> admin,
            Tracing tracing) {
        LongAdder requests = new LongAdder();
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setHttp2ClearTextEnabled(true)
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS));
        Dispatcher dispatcher = new Dispatcher(vertx, secret, Map.copyOf(routes), health, admin, requests, tracing);
        return vertx.createHttpServer(options).requestHandler(dispatcher).listen()
                .map(s -> new RoleServer(vertx, s, requests, dispatcher));
    }

    public int port() {
        return server.actualPort();
    }

    /** Calls served so far (health checks not counted). */
    public long requests() {
        return requests.sum();
    }

    /** Stops taking calls (HTTP/2 GOAWAY), lets those in flight finish for up to {@code grace}, then closes. */
    public Future<Void> shutdown(Duration grace) {
        return server.shutdown(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Routes one request: health, then the secret, then the method. */
    private static final class Dispatcher implements Handler<HttpServerRequest> {
        private final Vertx vertx;
        private final ClusterSecret secret;
        private final Map<String, RpcHandler> routes;
        private final Handler<HttpServerRequest> health;
        private final Handler<HttpServerRequest> admin;
        private final LongAdder requests;
        private final Tracing tracing;
        private volatile boolean leaving;

        Dispatcher(Vertx vertx, ClusterSecret secret, Map<String, RpcHandler> routes,
                Handler<HttpServerRequest> health, Handler<HttpServerRequest> admin, LongAdder requests,
                Tracing tracing) {
            this.tracing = tracing;
            this.admin = admin;
            this.vertx = vertx;
            this.secret = secret;
            this.routes = routes;
            this.health = health;
            this.requests = requests;
        }

        @Override
        public void handle(HttpServerRequest request) {
            String path = request.path();
            if (request.method() == HttpMethod.GET && ClusterProtocol.HEALTH_PATH.equals(path)) {
                health.handle(request);
                return;
            }
            if (!secret.matches(request.getHeader(ClusterProtocol.SECRET_HEADER))) {
                refuse(request, new ApiException(ErrorType.AUTHENTICATION, "missing or wrong cluster credential"));
                return;
            }
            if (admin != null && (path.equals("/admin") || path.startsWith("/admin/"))) {
                requests.increment();
                admin.handle(request);
                return;
            }
            RpcHandler handler = path.startsWith(ClusterProtocol.RPC_PREFIX)
                    ? routes.get(path.substring(ClusterProtocol.RPC_PREFIX.length())) : null;
            if (handler == null) {
                refuse(request, ApiException.notFound("no such role method: " + path));
                return;
            }
            if (request.method() != HttpMethod.POST) {
                refuse(request, ApiException.invalidRequest("role methods take POST"));
                return;
            }
            requests.increment();
            if (leaving) {
                request.response().putHeader(ClusterProtocol.LEAVING_HEADER, "1");
            }
            Cancellation cancellation = new Cancellation();
            AtomicLong resetCode = new AtomicLong(-1);
            // A reset reaches the request's handler while its body is still coming, the response's after:
            // both record its code before cancelling, so the handler can tell a failure from a cancel.
            Handler<Throwable> withdrawn = e -> {
                if (e instanceof StreamResetException reset) {
                    resetCode.compareAndSet(-1, reset.getCode());
                }
                cancellation.cancel();
            };
            request.exceptionHandler(withdrawn);
            request.response().exceptionHandler(withdrawn);
            Context caller = tracing.extract(request.headers());
            Span span = tracing.enabled() ? serverSpan(caller, request, path) : Span.getInvalid();
            // A stream also closes after a complete answer: only one closed before its end was withdrawn.
            request.response().closeHandler(v -> {
                if (!request.response().ended()) {
                    cancellation.cancel();
                    if (span.isRecording()) {
                        span.setStatus(StatusCode.ERROR, "withdrawn");
                        span.end();
                    }
                }
            });
            long timer = deadline(request, cancellation);
            if (timer >= 0 || span.isRecording()) {
                request.response().endHandler(v -> {
                    if (timer >= 0) {
                        vertx.cancelTimer(timer);
                    }
                    endSpan(span, request.response().getStatusCode());
                });
            }
            request.body().onComplete(ar -> {
                if (ar.failed()) {
                    cancellation.cancel();
                    return;
                }
                if (ar.result().length() > MAX_BODY_BYTES) {
                    refuse(request, new ApiException(ErrorType.REQUEST_TOO_LARGE, "role call body too large"));
                    return;
                }
                RpcCall call = new RpcCall(request, ar.result(), cancellation, resetCode);
                // current while the method starts, so the service it calls reads it as its parent
                try (Scope scope = caller.with(span).makeCurrent()) {
                    handler.handle(call);
                } catch (RuntimeException e) {
                    if (!(e instanceof ApiException)) {
                        log.warn("role method {} failed: {}", path, e.toString());
                    }
                    call.fail(e);
                }
            });
        }

        private Span serverSpan(Context caller, HttpServerRequest request, String path) {
            return tracing.span("role " + path.substring(ClusterProtocol.RPC_PREFIX.length()), SpanKind.SERVER, caller)
                    .setAttribute(TraceNames.REQUEST_ID, String.valueOf(request.getHeader(ClusterProtocol.REQUEST_ID_HEADER)))
                    .startSpan();
        }

        private static void endSpan(Span span, int status) {
            if (!span.isRecording()) {
                return;
            }
            span.setAttribute(TraceNames.HTTP_STATUS, status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR, "http_" + status);
            }
            span.end();
        }

        /**
         * The caller's remaining time for the answer's head (a stream's body may last longer; its caller
         * stops waiting for the head once it came): past it, a call that has not begun its answer is
         * cancelled and fails with timeout_error.
         */
        private long deadline(HttpServerRequest request, Cancellation cancellation) {
            String value = request.getHeader(ClusterProtocol.TIMEOUT_HEADER);
            if (value == null) {
                return -1;
            }
            long millis;
            try {
                millis = Math.max(1, Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return -1;
            }
            return vertx.setTimer(millis, id -> {
                if (request.response().headWritten()) {
                    return;
                }
                RemoteErrors.write(request.response(), new ApiException(ErrorType.TIMEOUT,
                        "the call's deadline passed in another role"), request.getHeader(ClusterProtocol.REQUEST_ID_HEADER));
                cancellation.cancel();
            });
        }

        /**
         * Answers without reading the body (a caller without the secret gets nothing of it read). Over
         * HTTP/1.1 the connection then closes: its unread body would otherwise stand in front of the next
         * request on it.
         */
        private static void refuse(HttpServerRequest request, ApiException e) {
            if (request.version() != HttpVersion.HTTP_2) {
                request.response().putHeader("connection", "close");
            }
            RemoteErrors.write(request.response(), e, request.getHeader(ClusterProtocol.REQUEST_ID_HEADER));
        }
    }
}
