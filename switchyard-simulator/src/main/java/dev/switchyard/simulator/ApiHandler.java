package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Routes and answers API requests. One instance serves every event loop: it keeps no per-request state,
 * and what it shares (stats, fault plan, catalog) is thread-safe or immutable. Checks run in the API's
 * order: route, method, authentication, version, body; faults apply only to requests that would have
 * succeeded.
 */
final class ApiHandler implements Handler<HttpServerRequest> {
    private static final CharSequence X_API_KEY = HttpHeaders.createOptimized("x-api-key");
    private static final CharSequence ANTHROPIC_VERSION = HttpHeaders.createOptimized("anthropic-version");
    private static final String MODELS_PREFIX = "/v1/models/";

    private final Vertx vertx;
    private final SimulatorOptions options;
    private final ModelCatalog catalog;
    private final Stats stats;
    private final FaultPlan faults;
    private final ControlApi control;
    private final Pace pace;

    ApiHandler(Vertx vertx, SimulatorOptions options, Stats stats, FaultPlan faults, ControlApi control) {
        this.vertx = vertx;
        this.options = options;
        this.catalog = new ModelCatalog(options.models());
        this.stats = stats;
        this.faults = faults;
        this.control = control;
        this.pace = Pace.of(options);
    }

    @Override
    public void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith(ControlApi.PREFIX)) {
            control.handle(req);
            return;
        }
        stats.request(req.headers(), PathKind.of(path));
        AsciiString requestId = Ids.requestId();
        try {
            route(req, path, requestId);
        } catch (ApiException e) {
            Http.error(req, requestId, e);
        } catch (RuntimeException e) {
            internalError(req, requestId, e);
        }
    }

    /** A bug must still answer, in the API's shape, rather than leave the client waiting. */
    private static void internalError(HttpServerRequest req, AsciiString requestId, RuntimeException e) {
        if (!req.response().ended() && !req.response().headWritten()) {
            Http.error(req, requestId, 500, ErrorType.API, "Simulator error: " + e, null);
        }
    }

    private void route(HttpServerRequest req, String path, AsciiString requestId) {
        switch (path) {
            case "/v1/messages" -> post(req, requestId, false);
            case "/v1/messages/count_tokens" -> post(req, requestId, true);
            case "/v1/models" -> {
                if (allowed(req, requestId, HttpMethod.GET)) {
                    listModels(req, requestId);
                }
            }
            default -> {
                if (path.startsWith(MODELS_PREFIX) && path.indexOf('/', MODELS_PREFIX.length()) < 0
                        && path.length() > MODELS_PREFIX.length()) {
                    if (allowed(req, requestId, HttpMethod.GET)) {
                        getModel(req, requestId, path.substring(MODELS_PREFIX.length()));
                    }
                } else {
                    throw ApiException.notFound("Not Found");
                }
            }
        }
    }

    /** Answers 405 (or the authentication and version errors) and returns false when it may not go on. */
    private boolean allowed(HttpServerRequest req, AsciiString requestId, HttpMethod method) {
        if (req.method() != method) {
            req.response().headers().add(Http.ALLOW, method.name());
            Http.error(req, requestId, 405, ErrorType.INVALID_REQUEST,
                    "Method " + req.method().name() + " not allowed; use " + method.name(), null);
            return false;
        }
        checkKey(req);
        checkVersion(req);
        return true;
    }

    private void checkKey(HttpServerRequest req) {
        String key = req.getHeader(X_API_KEY);
        if (key == null || key.isEmpty()) {
            String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).trim();
            }
        }
        if (key == null || key.isEmpty()) {
            throw new ApiException(ErrorType.AUTHENTICATION, "x-api-key header is required");
        }
        if (options.requiredApiKey() != null && !options.requiredApiKey().equals(key)) {
            throw new ApiException(ErrorType.AUTHENTICATION, "invalid x-api-key");
        }
    }

    /** Present and dated (YYYY-MM-DD): versions keep coming (SDKs already send newer ones than 2023-06-01). */
    private static void checkVersion(HttpServerRequest req) {
        String version = req.getHeader(ANTHROPIC_VERSION);
        if (version == null || version.isEmpty()) {
            throw ApiException.invalidRequest("anthropic-version: header is required");
        }
        if (!isDate(version)) {
            throw ApiException.invalidRequest("anthropic-version: invalid version " + version);
        }
    }

    static boolean isDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return false;
            }
        }
        return true;
    }

    private void post(HttpServerRequest req, AsciiString requestId, boolean countTokens) {
        if (allowed(req, requestId, HttpMethod.POST)) {
            BodyReader.read(req, requestId, body -> {
                try {
                    onBody(req, requestId, body, countTokens);
                } catch (RuntimeException e) {
                    internalError(req, requestId, e);
                }
            });
        }
    }

    private void onBody(HttpServerRequest req, AsciiString requestId, Buffer body, boolean countTokens) {
        if (!countTokens) {
            stats.messagesBody(body);
        }
        MessageRequest request;
        try {
            request = MessageRequest.parse(body, countTokens, catalog);
        } catch (ApiException e) {
            Http.error(req, requestId, e);
            return;
        }
        if (!countTokens) {
            stats.messages.increment();
        }
        Fault fault = faults.claim();
        if (fault == null) {
            answer(req, requestId, request, countTokens, null);
        } else {
            stats.faultsInjected.increment();
            delay(req, requestId, request, countTokens, fault);
        }
    }

    private void delay(HttpServerRequest req, AsciiString requestId, MessageRequest request, boolean countTokens,
            Fault fault) {
        long latency = fault.latency() == null ? 0 : fault.latency().toMillis();
        if (latency <= 0) {
            inject(req, requestId, request, countTokens, fault);
        } else {
            vertx.setTimer(latency, id -> {
                if (!req.response().closed()) {
                    inject(req, requestId, request, countTokens, fault);
                }
            });
        }
    }

    private void inject(HttpServerRequest req, AsciiString requestId, MessageRequest request, boolean countTokens,
            Fault fault) {
        boolean streamStops = request.stream() && fault.stallAfterEvents() >= 0;
        if (fault.resetConnection() && !streamStops) {
            Http.reset(req);
        } else if (fault.status() != 0 && !streamStops) {
            Http.error(req, requestId, fault.status(), Faults.errorType(fault.status()),
                    Faults.message(fault.status()), fault.retryAfter());
        } else if (!request.stream() && fault.stallAfterEvents() >= 0) {
            req.response().exceptionHandler(Http.IGNORE); // a stalled non-stream answer: never sent
        } else {
            answer(req, requestId, request, countTokens, fault);
        }
    }

    private void answer(HttpServerRequest req, AsciiString requestId, MessageRequest request, boolean countTokens,
            Fault fault) {
        if (countTokens) {
            Http.json(req, requestId, 200, Wire.countTokens(request.inputTokens()));
            return;
        }
        if (!request.toolCalls().names().isEmpty()) {
            ToolCalls.answer(req, requestId, request);
            return;
        }
        Reply reply = Reply.to(request, options.responseTokens());
        if (request.stream()) {
            new SseStream(vertx, req, stats, pace, requestId, request, reply, fault).start();
        } else {
            Http.json(req, requestId, 200, Wire.message(Ids.messageId(), request.model(), request, reply));
        }
    }

    private void listModels(HttpServerRequest req, AsciiString requestId) {
        int limit = limit(req.getParam("limit"));
        Http.json(req, requestId, 200, catalog.page(req.getParam("before_id"), req.getParam("after_id"), limit));
    }

    private static int limit(String value) {
        if (value == null) {
            return ModelCatalog.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("limit: Input should be a valid integer");
        }
        if (limit < 1 || limit > ModelCatalog.MAX_LIMIT) {
            throw ApiException.invalidRequest("limit: Input should be between 1 and " + ModelCatalog.MAX_LIMIT);
        }
        return limit;
    }

    private void getModel(HttpServerRequest req, AsciiString requestId, String id) {
        ModelCatalog.Model model = catalog.find(id);
        if (model == null) {
            throw ApiException.notFound("model: " + id);
        }
        Http.json(req, requestId, 200, model.buffer());
    }
}
