package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The "check cache" step. A request is looked up when it asks for it ({@code x-switchyard-cache: use})
 * or, when so configured, when it is deterministic (temperature 0); {@code x-switchyard-cache: bypass}
 * always skips. A hit is answered here, as JSON or as a replayed event stream, with
 * {@code x-switchyard-cache: hit}; a miss goes upstream with {@code x-switchyard-cache: miss}, and its
 * answer is stored once complete (a whole 200 body, or a stream that reached message_stop cleanly).
 * The cache never fails a request: its errors are misses.
 */
final class ResponseCacheStep {
    static final String HEADER = "x-switchyard-cache";

    private final CacheService cache;
    private final boolean deterministic;

    ResponseCacheStep(CacheService cache, boolean deterministic) {
        this.cache = cache;
        this.deterministic = deterministic;
    }

    /** The cache key for this request, or null when it is not to be cached. */
    String keyFor(Exchange ex, MessagesRequest req) {
        if (cache == CacheService.NONE) {
            return null;
        }
        if (!use(ex.request.getHeader(HEADER), ex.principal.cachePolicy(), req)) {
            return null;
        }
        try {
            return CacheKeys.digest(ex.principal.tenantId(), req.body(), ex.request.getHeader("anthropic-version"),
                    ex.request.getHeader("anthropic-beta"));
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
    Future<ObjectNode> lookup(Exchange ex, String key) {
        return cache.get(CacheKind.API_RESPONSE, ex.principal.tenantId(), key).map(bytes -> {
            if (bytes == null) {
                return null;
            }
            try {
                JsonNode n = Json.mapper().readTree(bytes);
                return n instanceof ObjectNode o && "message".equals(o.path("type").asText()) ? o : null;
            } catch (Exception e) {
                return null;
            }
        }).otherwise((ObjectNode) null);
    }

    /** Answers from the cache (after the conversation service, if any, has the reply); returns the status. */
    Future<Integer> serve(Exchange ex, MessagesRequest req, ObjectNode message) {
        return ex.reply(message).map(v -> send(ex, req, message));
    }

    private static int send(Exchange ex, MessagesRequest req, ObjectNode message) {
        if (ex.closed()) {
            return 200;
        }
        ex.response.putHeader(HEADER, "hit");
        if (req.stream()) {
            ex.response.putHeader("content-type", "text/event-stream; charset=utf-8").putHeader("cache-control",
                    "no-cache");
            ex.response.end(SseReplay.events(message));
        } else {
            ex.response.putHeader("content-type", "application/json");
            ex.response.end(Buffer.buffer(message.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return 200;
    }

    void store(Exchange ex, String key, ObjectNode message) {
        if (message != null && !"error".equals(message.path("type").asText())) {
            cache.put(CacheKind.API_RESPONSE, ex.principal.tenantId(), key,
                    message.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    void store(Exchange ex, String key, Buffer body) {
        store(ex, key, message(body));
    }

    /** The Message in a response body, or null when it is not one. */
    static ObjectNode message(Buffer body) {
        try {
            JsonNode n = Json.mapper().readTree(body.getBytes());
            return n instanceof ObjectNode o && "message".equals(o.path("type").asText()) ? o : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean temperatureZero(ObjectNode body) {
        JsonNode t = body.get("temperature");
        return t != null && t.isNumber() && t.asDouble() == 0.0;
    }
}
