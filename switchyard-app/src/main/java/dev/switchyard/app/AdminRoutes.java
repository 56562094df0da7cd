package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.admin.AdminApi;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.conversation.cached.CachedConversations;
import dev.switchyard.conversation.store.JdbcConversationService;
import dev.switchyard.conversation.store.ReshardReport;
import dev.switchyard.conversation.store.ShardStats;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cache's and the conversation service's admin routes: {@code /admin/cache/{tenant}} (GET an entry,
 * DELETE an entry or the whole tenant), {@code /admin/shards} (GET stats, POST to add a shard) and
 * {@code POST /admin/warmup}. They run on a worker thread (the admin API's), so waiting here is allowed.
 */
final class AdminRoutes {
    private AdminRoutes() {}

    /** {@code dataDir}: the data directory, the only place an embedded shard added here may live. */
    static void register(AdminApi admin, CacheService cache, JdbcConversationService store,
            CachedConversations conversations, Path dataDir) {
        admin.route("cache", (method, tenant, params, body) -> cache(cache, method, tenant, params));
        if (store != null) {
            admin.route("shards", (method, id, params, body) -> shards(store, method, id, body, dataDir));
            admin.route("warmup", (method, id, params, body) -> warmUp(conversations, method, body));
        }
    }

    private static JsonNode cache(CacheService cache, String method, String tenant, Map<String, String> params)
            throws Exception {
        if (tenant == null) {
            throw ApiException.invalidRequest("name the tenant: /admin/cache/{tenant_id}");
        }
        String key = params.get("key");
        ObjectNode out = Json.mapper().createObjectNode().put("tenant_id", tenant);
        if ("DELETE".equals(method) && key == null) {
            return out.put("purged", await(cache.purgeTenant(tenant)));
        }
        if (key == null) {
            throw ApiException.invalidRequest("key: required (the cache key), or DELETE without it to purge the tenant");
        }
        CacheKind kind = kind(params.get("kind"));
        out.put("kind", kind.configName()).put("key", key);
        if ("DELETE".equals(method)) {
            await(cache.delete(kind, tenant, key));
            return out.put("deleted", true);
        }
        if (!"GET".equals(method)) {
            throw ApiException.invalidRequest("method " + method + " is not allowed on /admin/cache");
        }
        byte[] value = await(cache.get(kind, tenant, key));
        out.put("found", value != null);
        if (value != null) {
            out.put("bytes", value.length);
            out.put("value", new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static JsonNode shards(JdbcConversationService store, String method, String id, JsonNode body,
            Path dataDir) throws Exception {
        if ("GET".equals(method) && id == null) {
            ObjectNode out = Json.mapper().createObjectNode();
            ArrayNode data = out.putArray("data");
            for (ShardStats s : await(store.shardStats())) {
                data.addObject().put("shard", s.shard()).put("conversations", s.conversations()).put("users", s.users())
                        .put("messages", s.messages()).put("bytes_on_disk", s.bytesOnDisk())
                        .put("last_write_at", s.lastWriteAt() == null ? null : s.lastWriteAt().toString());
            }
            return out;
        }
        if ("POST".equals(method) && id == null) {
            if (body == null || !body.hasNonNull("name")) {
                throw ApiException.invalidRequest("name: Field required (the new shard's name; never reuse one)");
            }
            StoreConfig where = ShardLocations.checked(body, dataDir);
            ReshardReport r = await(store.addShard(new ConversationConfig.Shard(body.get("name").asText(), where)));
            ObjectNode out = Json.mapper().createObjectNode().put("new_shard", r.newShard())
                    .put("conversations_moved", r.conversations()).put("messages_moved", r.messages())
                    .put("profiles_moved", r.profiles());
            ArrayNode moves = out.putArray("moves");
            r.moves().forEach(m -> moves.addObject().put("from", m.from()).put("conversations", m.conversations())
                    .put("messages", m.messages()).put("profiles", m.profiles()));
            return out;
        }
        throw ApiException.invalidRequest("method " + method + " is not allowed on /admin/shards");
    }

    private static JsonNode warmUp(CachedConversations conversations, String method, JsonNode body) throws Exception {
        if (!"POST".equals(method) || body == null || !body.hasNonNull("tenant_id") || !body.hasNonNull("user_id")) {
            throw ApiException.invalidRequest("POST /admin/warmup with {\"tenant_id\": .., \"user_id\": ..}");
        }
        int n = await(conversations.warmUp(body.get("tenant_id").asText(), body.get("user_id").asText()));
        return Json.mapper().createObjectNode().put("warmed", n);
    }

    private static CacheKind kind(String name) {
        if (name == null) {
            return CacheKind.API_RESPONSE;
        }
        for (CacheKind k : CacheKind.values()) {
            if (k.configName().equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw ApiException.invalidRequest("kind: expected api_response, translation, conversation or user_profile, got '"
                + name + "'");
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
