package dev.switchyard.conversation.cached;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Profile reads through the cache (kind {@link CacheKind#USER_PROFILE}, 1 hour by default), one entry per
 * tenant and user, filled on a miss. A write drops the entry once the store has the new profile and
 * completes only after that, so the next read on any replica misses and reads the store. Dropping rather
 * than refreshing it keeps two racing writers from leaving the older of their documents cached; the kind
 * is mutable, so the cache keeps it in Redis only (no replica's L1 can hold it stale) when there is a
 * Redis tier. What remains: a read that fetched the old document from the store just before a write can
 * store it just after the write dropped the entry, until the next write or the time to live.
 */
final class CachedProfiles {
    private final ConversationService store;
    private final CacheService cache;

    CachedProfiles(ConversationService store, CacheService cache) {
        this.store = store;
        this.cache = cache;
    }

    Future<UserProfile> get(String tenantId, String userId) {
        return cache.get(CacheKind.USER_PROFILE, tenantId, userId).compose(bytes -> {
            UserProfile hit = bytes == null ? null : decode(bytes, tenantId, userId);
            return hit != null ? Future.succeededFuture(hit) : store.profile(tenantId, userId)
                    .compose(p -> cache.put(CacheKind.USER_PROFILE, tenantId, userId, encode(p)).map(p));
        });
    }

    Future<UserProfile> put(String tenantId, String userId, String json) {
        return dropAfter(tenantId, userId, store.putProfile(tenantId, userId, json));
    }

    Future<UserProfile> patch(String tenantId, String userId, String mergePatch) {
        return dropAfter(tenantId, userId, store.patchProfile(tenantId, userId, mergePatch));
    }

    private Future<UserProfile> dropAfter(String tenantId, String userId, Future<UserProfile> write) {
        return write.compose(p -> cache.delete(CacheKind.USER_PROFILE, tenantId, userId).map(p));
    }

    private static byte[] encode(UserProfile p) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("tenant_id", p.tenantId()).put("user_id", p.userId()).put("data", p.data())
                .put("updated_at", p.updatedAt().toString());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Null when unreadable, or (defence in depth) when the entry is not this tenant's user's. */
    private static UserProfile decode(byte[] bytes, String tenantId, String userId) {
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            if (!tenantId.equals(n.path("tenant_id").asText()) || !userId.equals(n.path("user_id").asText())
                    || !n.path("data").isTextual()) {
                return null;
            }
            return new UserProfile(tenantId, userId, n.path("data").asText(),
                    Instant.parse(n.path("updated_at").asText()));
        } catch (Exception e) {
            return null;
        }
    }
}
