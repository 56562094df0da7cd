package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.net.HeaderNames;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The "check cache" step. A request is looked up when it asks for it ({@code x-switchyard-cache: use})
 * or, when so configured, when it is deterministic (temperature 0); {@code x-switchyard-cache: bypass}
 * always skips. A hit is answered here, as JSON or as a replayed event stream, with
 * {@code x-switchyard-cache: hit}; a miss goes upstream with {@code x-switchyard-cache: miss}, and its
 * answer is stored once complete (a whole 200 body, or a stream that reached message_stop cleanly).
 * The cache never fails a request: its errors are misses. What is stored is what came from upstream (the
 * filter and translation steps sit earlier in the chain), and a hit passes back through their stages
 * like a fresh answer.
 */
final class CacheStep implements Step {
    private final Tracing tracing;
    @Override
    public String spanName() {
        return "cache.lookup";
    }

    static final String HEADER = "x-switchyard-cache";
    /** Set when the answer came from the cache. */
    static final Attribute<Boolean> HIT = Attribute.named("cache-hit");
    /** Set on a miss that is to be stored once its answer is complete. */
    private static final Attribute<String> KEY = Attribute.named("cache-key");

    private final CacheService cache;
    private final boolean deterministic;

    CacheStep(CacheService cache, boolean deterministic) {
        this(cache, deterministic, Tracing.NOOP);
    }

    CacheStep(CacheService cache, boolean deterministic, Tracing tracing) {
        this.tracing = tracing;
        this.cache = cache;
        this.deterministic = deterministic;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        MessagesRequest req = ex.get(ParseStep.REQUEST);
        String key = keyFor(ex, ex.get(AuthenticateStep.PRINCIPAL), req);
        if (key == null) {
            return NEXT;
        }
        return lookup(ex, key).map(hit -> {
            if (hit == null) {
                ex.response.putHeader(HEADER, "miss");
                ex.put(KEY, key);
                return null;
            }
            ex.put(HIT, Boolean.TRUE);
            ex.model = hit.message().path("model").asText(req.model());
            ex.response.putHeader(HEADER, "hit");
            if (req.stream()) {
                ex.response.putHeader("content-type", "text/event-stream; charset=utf-8");
            }
            return Response.message(hit.message(), hit.bytes(), req.stream());
        });
    }

    /** On a miss to be stored: assembles the answer as it goes by and stores it once complete. */
    @Override
    public ResponseStage response(Exchange ex) {
        String key = ex.get(KEY);
        if (key == null) {
            return null;
        }
        String tenant = ex.get(AuthenticateStep.PRINCIPAL).tenantId();
        return WholeMessageStage.observing(message -> {
            store(ex, tenant, key, message);
            return Future.succeededFuture();
        });
    }

    /** A cached Message and the bytes it was stored as (a non-streaming client gets those as they are). */
    record Hit(ObjectNode message, Buffer bytes) {}

    /** The cache key for this request, or null when it is not to be cached. */
    private String keyFor(Exchange ex, Principal principal, MessagesRequest req) {
        if (cache == CacheService.NONE) {
            return null;
        }
        if (!use(ex.request.getHeader(HEADER), principal.cachePolicy(), req)) {
            return null;
        }
        try {
            return CacheKeys.digest(principal.tenantId(), req.body(),
                    ex.request.getHeader(HeaderNames.ANTHROPIC_VERSION),
                    ex.request.getHeader(HeaderNames.ANTHROPIC_BETA));
        } catch (RuntimeException e) {
            // A body the canonicaliser cannot take is simply not cached: the cache never fails a request.
            return null;
        }
    }

    /** The request's header wins; without one, the key's policy; by default, deterministic requests if so configured. */
    private boolean use(String asked, CachePolicy policy, MessagesRequest req) {
        if ("use".equalsIgnoreCase(asked)) {
            return true;
        }
        if ("bypass".equalsIgnoreCase(asked)) {
            return false;
        }
        return switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_REQUEST -> deterministic && temperatureZero(req.body());
        };
    }

    /** The cached message, or a null result on a miss. */
    private Future<Hit> lookup(Exchange ex, String key) {
        return cache.get(CacheKind.API_RESPONSE, ex.get(AuthenticateStep.PRINCIPAL).tenantId(), key).map(bytes -> {
            if (bytes == null) {
                return null;
            }
            try {
                JsonNode n = Json.mapper().readTree(bytes);
                return n instanceof ObjectNode o && "message".equals(o.path("type").asText())
                        ? new Hit(o, Buffer.buffer(bytes)) : null;
            } catch (Exception e) {
                return null;
            }
        }).otherwise((Hit) null);
    }

    private void store(Exchange ex, String tenant, String key, ObjectNode message) {
        if (message == null || "error".equals(message.path("type").asText())) {
            return;
        }
        byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
        if (!ex.traced()) {
            cache.put(CacheKind.API_RESPONSE, tenant, key, bytes);
            return;
        }
        Span span = tracing.start("cache.store", SpanKind.INTERNAL, ex.trace);
        try (Scope scope = span.makeCurrent()) {
            cache.put(CacheKind.API_RESPONSE, tenant, key, bytes).onComplete(ar -> Spans.end(span, ar.cause()));
        }
    }

    private static boolean temperatureZero(ObjectNode body) {
        JsonNode t = body.get("temperature");
        return t != null && t.isNumber() && t.asDouble() == 0.0;
    }
}
