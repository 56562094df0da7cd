package dev.switchyard.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.keys.CreatedKey;
import dev.switchyard.auth.keys.KeySpec;
import dev.switchyard.auth.keys.KeyStore;
import dev.switchyard.auth.keys.Tenant;
import dev.switchyard.auth.keys.VirtualKey;
import dev.switchyard.auth.keys.VirtualKeyAuthService;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API of the auth service: {@code /admin/keys}, {@code /admin/tenants},
 * {@code /admin/usage}. JSON in and out, errors in Anthropic's shape. Everything behind it is blocking
 * (the store), so each request runs on a worker thread, never on the event loop.
 */
public final class AdminApi implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final int MAX_BODY = 64 * 1024;

    private final Vertx vertx;
    private final KeyStore store;
    private final VirtualKeyAuthService keys;
    private final AdminCredentials admins;
    private final AdminAttempts attempts;
    private final UsageReports usage;
    private final Clock clock;
    private final Map<String, AdminRoute> more = new java.util.concurrent.ConcurrentHashMap<>();

    public AdminApi(Vertx vertx, KeyStore store, VirtualKeyAuthService keys, AdminCredentials admins,
            UsageReports usage, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.keys = keys;
        this.admins = admins;
        this.attempts = new AdminAttempts(clock);
        this.usage = usage;
        this.clock = clock;
    }

    /** Serves {@code /admin/<collection>[/<id>]} with {@code route}, behind the same admin credential. */
    public AdminApi route(String collection, AdminRoute route) {
        more.put(collection, route);
        return this;
    }

    private record Reply(int status, JsonNode body) {}

    @Override
    public void handle(HttpServerRequest request) {
        String requestId = "req_admin_" + UUID.randomUUID().toString().replace("-", "");
        request.response().putHeader("request-id", requestId);
        readBody(request)
                .compose(body -> authenticated(request).compose(ok -> vertx.executeBlocking(() -> route(request, body),
                        false)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        request.response().setStatusCode(ar.result().status())
                                .putHeader("content-type", "application/json").end(ar.result().body().toString());
                    } else {
                        fail(request, ar.cause(), requestId);
                    }
                });
    }

    /**
     * On the event loop, from memory: a wrong key costs no worker thread and no query. Failures count against the
     * client's address; past its allowance they are answered 429.
     */
    private Future<Void> authenticated(HttpServerRequest request) {
        if (admins.accepts(credential(request))) {
            return Future.succeededFuture();
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return attempts.failed(address == null ? "unknown" : address)
                .<Future<Void>>map(wait -> Future.failedFuture(new ApiException(ErrorType.RATE_LIMIT,
                        "too many failed admin authentications from this address; retry later", wait)))
                .orElseGet(() -> Future.failedFuture(new ApiException(ErrorType.AUTHENTICATION,
                        "a valid admin key is required for /admin")));
    }

    private Reply route(HttpServerRequest request, Buffer body) throws Exception {
        List<String> parts = List.of(request.path().replaceAll("/+$", "").split("/"));
        String collection = parts.size() > 2 ? parts.get(2) : "";
        String id = parts.size() > 3 ? parts.get(3) : null;
        if (parts.size() > 4) {
            throw ApiException.notFound("no admin route for " + request.path());
        }
        JsonNode json = body.length() == 0 ? null : parse(body);
        return switch (collection) {
            case "keys" -> keysRoute(request.method(), id, json, request.getParam("tenant_id"));
            case "tenants" -> tenantsRoute(request.method(), id, json);
            case "usage" -> usageRoute(request.method(), id, request);
            case "session" -> session(request.method(), id);
            default -> extraRoute(collection, id, json, request);
        };
    }

    private Reply keysRoute(HttpMethod method, String id, JsonNode body, String tenantFilter) {
        if (id == null && method == HttpMethod.GET) {
            return list(store.list(tenantFilter).stream().map(Views::key).toList());
        }
        if (id == null && method == HttpMethod.POST) {
            KeySpec spec = Views.keySpec(required(body), null);
            CreatedKey created = store.create(spec);
            keys.keyChanged(created.key());
            ObjectNode view = Views.key(created.key());
            view.put("key", created.plaintext());
            return new Reply(201, view);
        }
        if (id == null) {
            throw notAllowed(method, "/admin/keys");
        }
        VirtualKey current = store.byId(id).orElseThrow(() -> ApiException.notFound("no API key with id " + id));
        return switch (method.name()) {
            case "GET" -> new Reply(200, Views.key(current));
            case "PATCH", "PUT" -> {
                VirtualKey updated = store.update(id, Views.keySpec(required(body), current.quota()))
                        .orElseThrow(() -> ApiException.notFound("no API key with id " + id));
                keys.keyChanged(updated);
                yield new Reply(200, Views.key(updated));
            }
            case "DELETE" -> {
                store.revoke(id);
                VirtualKey revoked = store.byId(id).orElse(current);
                keys.keyChanged(revoked);
                yield new Reply(200, Views.key(revoked));
            }
            default -> throw notAllowed(method, "/admin/keys/" + id);
        };
    }

    private Reply tenantsRoute(HttpMethod method, String id, JsonNode body) {
        if (id == null && method == HttpMethod.GET) {
            return list(store.tenants().stream().map(Views::tenant).toList());
        }
        if (id == null && method == HttpMethod.POST) {
            JsonNode b = required(body);
            String newId = Views.text(b, "id");
            if (newId == null) {
                throw ApiException.invalidRequest("id: Field required");
            }
            if (store.tenant(newId).isPresent()) {
                throw new ApiException(ErrorType.CONFLICT, "tenant " + newId + " already exists");
            }
            return new Reply(201, Views.tenant(saveTenant(newId, b, null)));
        }
        if (id == null) {
            throw notAllowed(method, "/admin/tenants");
        }
        Tenant current = store.tenant(id).orElseThrow(() -> ApiException.notFound("no tenant with id " + id));
        return switch (method.name()) {
            case "GET" -> new Reply(200, Views.tenant(current));
            case "PATCH", "PUT" -> new Reply(200, Views.tenant(saveTenant(id, required(body), current)));
            default -> throw notAllowed(method, "/admin/tenants/" + id);
        };
    }

    private Tenant saveTenant(String id, JsonNode body, Tenant current) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("id", "name", "limits").contains(f)) {
                throw ApiException.invalidRequest(f + ": unknown field (known: id, name, limits)");
            }
        }
        String name = Views.text(body, "name");
        Tenant t = new Tenant(id, name != null ? name : current != null ? current.name() : id,
                body.has("limits") ? Views.quota(body.get("limits"), current == null ? null : current.quota())
                        : current == null ? null : current.quota(),
                current == null ? clock.instant() : current.createdAt(), clock.instant());
        Tenant saved = store.saveTenant(t);
        keys.tenantChanged(saved);
        return saved;
    }

    private Reply usageRoute(HttpMethod method, String id, HttpServerRequest request) {
        if (id != null || method != HttpMethod.GET) {
            throw notAllowed(method, request.path());
        }
        Map<String, String> params = new HashMap<>();
        request.params().forEach(e -> params.put(e.getKey(), e.getValue()));
        return new Reply(200, usage.report(params));
    }

    /**
     * {@code GET /admin/session}: answers only whether the credential is an admin's (it got here), so a
     * gateway whose auth role runs elsewhere can check one before answering from its own state.
     */
    private static Reply session(HttpMethod method, String id) {
        if (method != HttpMethod.GET || id != null) {
            throw ApiException.invalidRequest("method " + method + " is not allowed here: GET /admin/session");
        }
        return new Reply(200, Json.mapper().createObjectNode().put("type", "admin_session").put("admin", true));
    }

    private Reply extraRoute(String collection, String id, JsonNode body, HttpServerRequest request) throws Exception {
        AdminRoute route = more.get(collection);
        if (route == null) {
            throw ApiException.notFound("no admin route for " + request.path());
        }
        Map<String, String> params = new HashMap<>();
        request.params().forEach(e -> params.put(e.getKey(), e.getValue()));
        return new Reply(200, route.handle(request.method().name(), id, params, body));
    }

    private static Reply list(List<ObjectNode> items) {
        ObjectNode n = Json.mapper().createObjectNode();
        ArrayNode data = n.putArray("data");
        items.forEach(data::add);
        return new Reply(200, n);
    }

    private static JsonNode required(JsonNode body) {
        if (body == null) {
            throw ApiException.invalidRequest("a JSON body is required");
        }
        return body;
    }

    private static JsonNode parse(Buffer body) {
        try {
            return Json.mapper().readTree(body.getBytes());
        } catch (Exception e) {
            throw ApiException.invalidRequest("request body is not valid JSON");
        }
    }

    private static ApiException notAllowed(HttpMethod method, String path) {
        return ApiException.invalidRequest("method " + method + " is not allowed on " + path);
    }

    private static String credential(HttpServerRequest request) {
        String key = request.getHeader("x-api-key");
        if (key != null) {
            return key;
        }
        String auth = request.getHeader("authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    private static Future<Buffer> readBody(HttpServerRequest request) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                promise.tryFail(new ApiException(ErrorType.REQUEST_TOO_LARGE, "admin request body is larger than "
                        + MAX_BODY + " bytes"));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> promise.tryComplete(body));
        request.exceptionHandler(promise::tryFail);
        return promise.future();
    }

    private static void fail(HttpServerRequest request, Throwable t, String requestId) {
        ApiException e;
        if (t instanceof ApiException api) {
            e = api;
        } else if (t instanceof IllegalArgumentException bad) {
            e = ApiException.invalidRequest(bad.getMessage());
        } else {
            LOG.error("request_id={} admin request failed", requestId, t);
            e = new ApiException(ErrorType.API, "internal error; request id " + requestId);
        }
        if (!request.response().ended() && !request.response().closed()) {
            if (e.retryAfter() != null) {
                request.response().putHeader("retry-after",
                        Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
            }
            request.response().setStatusCode(e.status()).putHeader("content-type", "application/json")
                    .end(ErrorBodies.json(e.type(), e.getMessage(), requestId));
        }
    }
}
