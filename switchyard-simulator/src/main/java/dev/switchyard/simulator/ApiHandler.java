package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;

/**
 * Routes API requests and answers the Messages and Models ones (batches, files and text completions have
 * classes of their own). One instance serves every event loop: it keeps no per-request state, and what
 * it shares (stats, fault plan, catalog, stores) is thread-safe or immutable. Checks run in the API's
 * order: route, method, authentication, version, body; faults apply only to requests that would have
 * succeeded.
 */
final class ApiHandler implements Handler<HttpServerRequest> {
    private static final String MODELS_PREFIX = "/v1/models/";
    private static final String BATCHES_PATH = "/v1/messages/batches";
    private static final String FILES_PATH = "/v1/files";

    private final Vertx vertx;
    private final SimulatorOptions options;
    private final ModelCatalog catalog;
    private final Stats stats;
    private final FaultPlan faults;
    private final ControlApi control;
    private final Pace pace;
    private final Access access;
    private final BatchesApi batches;
    private final FilesApi files;
    private final CompletionsApi completions;

    ApiHandler(Vertx vertx, SimulatorOptions options, Stats stats, FaultPlan faults, ControlApi control) {
        this.vertx = vertx;
        this.options = options;
        this.catalog = new ModelCatalog(options.models());
        this.stats = stats;
        this.faults = faults;
        this.control = control;
        this.pace = Pace.of(options);
        this.access = new Access(options.requiredApiKey());
        Clock clock = Clock.systemUTC();
        BatchProcessor processor = new BatchProcessor(vertx, options, catalog, faults, stats, clock);
        this.batches = new BatchesApi(access, new BatchStore(), processor, clock);
        this.files = new FilesApi(access, new FileStore(options.fileStorageBytes()), options.maxFileBytes(), clock);
        this.completions = new CompletionsApi(access, catalog, options.responseTokens());
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
            Http.internalError(req, requestId, e);
        }
    }

    private void route(HttpServerRequest req, String path, AsciiString requestId) {
        switch (path) {
            case "/v1/messages" -> post(req, requestId, false);
            case "/v1/messages/count_tokens" -> post(req, requestId, true);
            case "/v1/complete" -> completions.handle(req, requestId);
            case "/v1/models" -> {
                if (access.allowed(req, requestId, HttpMethod.GET)) {
                    Http.json(req, requestId, 200, catalog.page(ListParams.of(req)));
                }
            }
            default -> routeBelow(req, path, requestId);
        }
    }

    private void routeBelow(HttpServerRequest req, String path, AsciiString requestId) {
        if (PathKind.under(path, BATCHES_PATH)) {
            batches.handle(req, requestId, path.substring(BATCHES_PATH.length()));
        } else if (PathKind.under(path, FILES_PATH)) {
            files.handle(req, requestId, path.substring(FILES_PATH.length()));
        } else if (path.startsWith(MODELS_PREFIX) && path.indexOf('/', MODELS_PREFIX.length()) < 0
                && path.length() > MODELS_PREFIX.length()) {
            if (access.allowed(req, requestId, HttpMethod.GET)) {
                getModel(req, requestId, path.substring(MODELS_PREFIX.length()));
            }
        } else {
            throw ApiException.notFound("Not Found");
        }
    }

    private void post(HttpServerRequest req, AsciiString requestId, boolean countTokens) {
        if (access.allowed(req, requestId, HttpMethod.POST)) {
            BodyReader.read(req, requestId, body -> {
                try {
                    onBody(req, requestId, body, countTokens);
                } catch (RuntimeException e) {
                    Http.internalError(req, requestId, e);
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
        } else if (!request.stream()) {
            Http.json(req, requestId, 200, MessageAnswer.of(request, options.responseTokens()));
        } else if (!request.toolCalls().names().isEmpty()) {
            ToolCalls.answer(req, requestId, request);
        } else {
            Reply reply = Reply.to(request, options.responseTokens());
            new SseStream(vertx, req, stats, pace, requestId, request, reply, fault).start();
        }
    }

    private void getModel(HttpServerRequest req, AsciiString requestId, String id) {
        ModelCatalog.Model model = catalog.find(id);
        if (model == null) {
            throw ApiException.notFound("model: " + id);
        }
        Http.json(req, requestId, 200, model.buffer());
    }
}
