package dev.switchyard.gateway;

import dev.switchyard.auth.AuthService;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.core.telemetry.TraceNames;
import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.gateway.ui.AdminPage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches each request by method and path; every route ends in metrics, whatever happened. */
final class GatewayHandler implements Handler<HttpServerRequest> {
    private static final String MODELS_PREFIX = "/v1/models/";
    /** One line per request at DEBUG (SWITCHYARD_LOG_LEVEL=DEBUG); off by default, it costs at high rates. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.switchyard.access");

    private static final java.util.Map<String, String> ROUTE_TEMPLATES = java.util.Map.of("messages", "/v1/messages",
            "count_tokens", "/v1/messages/count_tokens", "translate", "/v1/translate", "models", "/v1/models",
            Dialect.CHAT_COMPLETIONS_ROUTE, "/v1/chat/completions",
            "conversations", ConversationsHandler.PREFIX + "/*", "profiles", ProfilesHandler.PREFIX + "*",
            PassthroughPath.BATCHES_ROUTE, PassthroughPath.BATCHES + "/*", PassthroughPath.FILES_ROUTE,
            PassthroughPath.FILES + "/*", PassthroughPath.OTHER_ROUTE, "/v1/*");
    /** How much of a prompt content capture keeps. */
    static final int CAPTURED_CHARS = 16_384;
    private final Chain messages;
    private final Chain countTokens;
    private final Chain translate;
    private final Chain chatCompletions;
    private final AuthService auth;
    private final ClaudeService claude;
    private final Handler<HttpServerRequest> admin;
    /** The live admin page's static files; there is a page only where there is an admin API. */
    private final AdminPage page;
    private final ConversationsHandler conversations;
    private final ProfilesHandler profiles;
    private final PassthroughHandler passthrough;
    private final GatewayMeters meters;
    private final MetricsEndpoint metrics;
    private final BooleanSupplier ready;
    private final BooleanSupplier leaving;
    private final HealthEndpoint health;
    private final Tracing tracing;
    /** Requests handled since start, for /health's "requests". */
    private final LongAdder handled = new LongAdder();

    GatewayHandler(Chain messages, Chain countTokens, Chain translate, Chain chatCompletions,
            GatewayServices services, GatewayMeters meters,
            PrometheusMeterRegistry registry, BooleanSupplier ready, BooleanSupplier leaving, long maxBodyBytes,
            String metricsToken) {
        this.leaving = leaving;
        this.messages = messages;
        this.countTokens = countTokens;
        this.translate = translate;
        this.chatCompletions = chatCompletions;
        this.auth = services.auth();
        this.claude = services.claude();
        this.admin = services.admin();
        this.page = admin == null ? null : new AdminPage();
        this.conversations = services.conversations() == null ? null
                : new ConversationsHandler(services, messages, maxBodyBytes);
        this.profiles = services.conversations() == null ? null : new ProfilesHandler(services, maxBodyBytes);
        this.passthrough = new PassthroughHandler(services, maxBodyBytes);
        this.meters = meters;
        this.metrics = new MetricsEndpoint(registry, metricsToken);
        this.ready = ready;
        this.health = new HealthEndpoint(services.health());
        this.tracing = services.tracing();
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (leaving.getAsBoolean()) {
            request.response().putHeader("connection", "close");
        }
        String path = request.path();
        HttpMethod method = request.method();
        if (path.equals("/health")) {
            health.handle(request, handled.sum());
            return;
        }
        if (!path.equals("/ready") && !path.equals("/metrics")) {
            handled.increment(); // probes and scrapes are not the requests a process is there for
        }
        if (path.equals("/ready")) {
            boolean ok = ready.getAsBoolean();
            request.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json")
                    .end(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"not_ready\"}");
        } else if (path.equals("/metrics")) {
            metrics.handle(request);
        } else if (path.equals("/v1/messages")) {
            api(request, "messages", HttpMethod.POST, messages::run);
        } else if (path.equals("/v1/messages/count_tokens")) {
            api(request, "count_tokens", HttpMethod.POST, countTokens::run);
        } else if (path.equals("/v1/translate")) {
            api(request, "translate", HttpMethod.POST, translate::run);
        } else if (path.equals("/v1/chat/completions")) {
            api(request, Dialect.CHAT_COMPLETIONS_ROUTE, HttpMethod.POST, chatCompletions::run);
        } else if (path.equals("/v1/models")) {
            api(request, "models", HttpMethod.GET, ex -> json(ex, () -> ModelsEndpoint.list(claude.models(),
                    ClientInput.params(request), request.headers())));
        } else if (path.startsWith(MODELS_PREFIX) && path.length() > MODELS_PREFIX.length()) {
            String id = path.substring(MODELS_PREFIX.length());
            api(request, "models", HttpMethod.GET, ex -> json(ex, () -> ModelsEndpoint.one(claude.models(), id)));
        } else if (conversations != null && (path.equals(ConversationsHandler.PREFIX)
                || path.startsWith(ConversationsHandler.PREFIX + "/"))) {
            api(request, "conversations", method, conversations::handle);
        } else if (profiles != null && path.startsWith(ProfilesHandler.PREFIX)) {
            api(request, "profiles", method, profiles::handle);
        } else if (page != null && AdminPage.serves(path)) {
            page.handle(request);
        } else if (admin != null && (path.equals("/admin") || path.startsWith("/admin/"))) {
            admin.handle(request);
        } else if (path.startsWith("/v1/")) {
            api(request, PassthroughPath.route(path), null, passthrough::handle);
        } else {
            api(request, "unknown", method, ex -> Future.succeededFuture(ErrorResponder.send(ex,
                    ApiException.notFound("no route for " + method + " " + ClientInput.shortened(path)))));
        }
    }

    /** {@code allowed} null: the route takes any method (pass-through). */
    private void api(HttpServerRequest request, String route, HttpMethod allowed,
            java.util.function.Function<Exchange, Future<Integer>> step) {
        Exchange ex = new Exchange(request, route);
        if (tracing.enabled()) {
            startSpan(ex);
        }
        ex.response.closeHandler(v -> ex.cancellation.cancel());
        meters.inFlightRequests.incrementAndGet();
        Future<Integer> outcome;
        try {
            outcome = allowed == null || request.method() == allowed ? step.apply(ex) : Future.succeededFuture(ErrorResponder.send(ex,
                    new ApiException(ErrorType.INVALID_REQUEST, "method " + request.method() + " is not allowed on "
                            + request.path())));
        } catch (RuntimeException e) {
            outcome = Future.succeededFuture(ErrorResponder.send(ex, e));
        }
        outcome.onComplete(ar -> {
            meters.inFlightRequests.decrementAndGet();
            int status = ar.succeeded() ? ar.result() : ErrorResponder.send(ex, ar.cause());
            long nanos = System.nanoTime() - ex.startNanos;
            if (ex.inTrace()) {
                // current while the latency is recorded: the histogram takes the trace id as its exemplar
                try (Scope scope = ex.trace.makeCurrent()) {
                    meters.request(route, ex.model, ex.deployment, status, nanos);
                }
                if (ex.traced()) {
                    endSpan(ex, status);
                }
            } else {
                meters.request(route, ex.model, ex.deployment, status, nanos);
            }
            if (ACCESS.isDebugEnabled()) {
                ACCESS.debug("request_id={} trace_id={} route={} model={} deployment={} status={} duration_ms={}",
                        ex.requestId, ex.traceId(), route, ex.model, ex.deployment, status, nanos / 1_000_000);
            }
        });
    }

    /**
     * Only when an operator turned content capture on: the prompt as sent upstream (after the content
     * filter), cut at {@link #CAPTURED_CHARS}, as an event of the request's span.
     */
    private static void capturePrompt(Exchange ex, Span span) {
        MessagesRequest req = ex.get(ParseStep.REQUEST);
        if (req == null) {
            return;
        }
        ObjectNode prompt = Json.mapper().createObjectNode();
        if (req.body().has("system")) {
            prompt.set("system", req.body().get("system"));
        }
        prompt.set("messages", req.body().path("messages"));
        String text = prompt.toString();
        span.addEvent(TraceNames.EVENT_PROMPT, Attributes.of(TraceNames.PROMPT,
                text.length() > CAPTURED_CHARS ? text.substring(0, CAPTURED_CHARS) : text));
    }

    /** The request's server span, under the client's {@code traceparent} when it sent one. */
    private void startSpan(Exchange ex) {
        HttpServerRequest request = ex.request;
        // the route's template, not the path: span names stay few, and ids stay out of them
        String template = ROUTE_TEMPLATES.getOrDefault(ex.route, ex.route);
        Context parent = tracing.extract(request.headers());
        Span span = tracing.span(request.method().name() + " " + template, SpanKind.SERVER, parent)
                .setAttribute(TraceNames.HTTP_METHOD, request.method().name())
                .setAttribute(TraceNames.HTTP_ROUTE, template)
                .setAttribute(TraceNames.REQUEST_ID, ex.requestId).startSpan();
        ex.span = span;
        ex.trace = parent.with(span); // the client's baggage goes on with it
    }

    private void endSpan(Exchange ex, int status) {
        Span span = ex.span;
        if (tracing.captureContent()) {
            capturePrompt(ex, span);
        }
        span.setAttribute(TraceNames.HTTP_STATUS, status);
        if (!"-".equals(ex.deployment)) {
            span.setAttribute(TraceNames.DEPLOYMENT, ex.deployment);
        }
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private Future<Integer> json(Exchange ex, java.util.function.Supplier<String> body) {
        return auth.authenticate(Credentials.from(ex.request.headers())).map(p -> {
            ex.response.putHeader("content-type", "application/json").end(body.get());
            return 200;
        });
    }
}
