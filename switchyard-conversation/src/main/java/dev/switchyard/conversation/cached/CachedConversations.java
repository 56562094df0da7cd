package dev.switchyard.conversation.cached;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.health.DependencyCheck;
import dev.switchyard.core.health.DependencySource;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversation reads from the cache (kind {@link CacheKind#CONVERSATION}, 30 minutes by default): a
 * conversation and its messages are one entry, filled on a miss and refreshed after every write, so a
 * read never sees less than what was written through this replica. Warm-up: the first request of a user
 * after {@code pause} loads the user's {@code WARM_UP} most recent conversations into the cache in the
 * background; {@link #warmUp} does the same on demand. The cache failing is a miss: the store answers.
 * User profiles are cached too ({@link CachedProfiles}).
 */
public final class CachedConversations implements ConversationService, DependencySource {
    public static final int WARM_UP = 5;
    private static final Logger LOG = LoggerFactory.getLogger(CachedConversations.class);

    private final ConversationService store;
    private final CacheService cache;
    private final CachedProfiles profiles;
    private final Cache<String, Boolean> recentlySeen;
    private final AtomicLong warmed = new AtomicLong();

    public CachedConversations(ConversationService store, CacheService cache, Duration pause, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.profiles = new CachedProfiles(store, cache);
        this.recentlySeen = Caffeine.newBuilder().expireAfterWrite(pause).maximumSize(1_000_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** The store's checks (its shards); the cache's own Redis is checked where the cache is. */
    @Override
    public List<DependencyCheck> dependencyChecks() {
        return store instanceof DependencySource source ? source.dependencyChecks() : List.of();
    }

    @Override
    public Future<Conversation> create(String tenantId, String userId, String title) {
        return store.create(tenantId, userId, title).andThen(ar -> {
            if (ar.succeeded()) {
                put(tenantId, ar.result(), List.of());
            }
        });
    }

    @Override
    public Future<Conversation> get(ConversationScope scope, String conversationId) {
        return cached(scope, conversationId).map(Entry::conversation);
    }

    @Override
    public Future<List<StoredMessage>> messages(ConversationScope scope, String conversationId) {
        return cached(scope, conversationId).map(Entry::messages);
    }

    @Override
    public Future<ConversationPage> list(String tenantId, String userId, int limit, String after) {
        return store.list(tenantId, userId, limit, after);
    }

    @Override
    public Future<Void> delete(ConversationScope scope, String conversationId) {
        return store.delete(scope, conversationId)
                .andThen(ar -> cache.delete(CacheKind.CONVERSATION, scope.tenantId(), conversationId));
    }

    @Override
    public Future<List<StoredMessage>> append(ConversationScope scope, String conversationId,
            List<NewMessage> messages) {
        // Completes only once the cache holds the new history (refreshed rather than dropped: the next
        // turn reads it from there), so a caller told "stored" can never read the turn before.
        return store.append(scope, conversationId, messages).compose(stored -> load(scope, conversationId)
                .transform(ar -> ar.succeeded() ? Future.succeededFuture(stored)
                        : cache.delete(CacheKind.CONVERSATION, scope.tenantId(), conversationId).map(stored)));
    }

    @Override
    public Future<UserProfile> profile(String tenantId, String userId) {
        return profiles.get(tenantId, userId);
    }

    @Override
    public Future<UserProfile> putProfile(String tenantId, String userId, String json) {
        return profiles.put(tenantId, userId, json);
    }

    @Override
    public Future<UserProfile> patchProfile(String tenantId, String userId, String mergePatch) {
        return profiles.patch(tenantId, userId, mergePatch);
    }

    @Override
    public void userSeen(String tenantId, String userId) {
        String who = tenantId + "/" + userId;
        if (recentlySeen.asMap().putIfAbsent(who, Boolean.TRUE) == null) {
            warmUp(tenantId, userId);
        }
    }

    /** Loads the user's most recent conversations into the cache; completes with how many. */
    public Future<Integer> warmUp(String tenantId, String userId) {
        return store.list(tenantId, userId, WARM_UP, null).compose(page -> {
            List<Future<Entry>> loads = new ArrayList<>();
            page.data().forEach(c -> loads.add(load(ConversationScope.user(tenantId, userId), c.id())));
            return Future.join(loads).map(v -> {
                warmed.addAndGet(page.data().size());
                return page.data().size();
            });
        }).onFailure(e -> LOG.debug("warm-up failed: {}", e.toString()));
    }

    /** Conversations loaded by warm-ups so far (for tests and metrics). */
    public long warmed() {
        return warmed.get();
    }

    private record Entry(Conversation conversation, List<StoredMessage> messages) {}

    /**
     * One entry holds a conversation for every caller of its tenant, so a hit is checked against the
     * caller's scope like a row is: another user's entry is not found, as in the store.
     */
    private Future<Entry> cached(ConversationScope scope, String id) {
        return cache.get(CacheKind.CONVERSATION, scope.tenantId(), id).compose(bytes -> {
            Entry hit = bytes == null ? null : decode(bytes, scope.tenantId());
            if (hit == null) {
                return load(scope, id);
            }
            return scope.includes(hit.conversation()) ? Future.succeededFuture(hit)
                    : Future.failedFuture(ApiException.notFound("conversation not found: " + hit.conversation().id()));
        });
    }

    /** Reads from the store (within the scope) and completes once the cache holds what was read. */
    private Future<Entry> load(ConversationScope scope, String id) {
        return store.get(scope, id).compose(c -> store.messages(scope, id)
                .compose(m -> put(scope.tenantId(), c, m).map(new Entry(c, m))));
    }

    private Future<Void> put(String tenantId, Conversation c, List<StoredMessage> messages) {
        return cache.put(CacheKind.CONVERSATION, tenantId, c.id(), encode(c, messages));
    }

    private static byte[] encode(Conversation c, List<StoredMessage> messages) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", c.id()).put("tenant_id", c.tenantId()).put("user_id", c.userId()).put("title", c.title())
                .put("message_count", c.messageCount()).put("created_at", c.createdAt().toString())
                .put("updated_at", c.updatedAt().toString());
        ArrayNode list = n.putArray("messages");
        for (StoredMessage m : messages) {
            list.addObject().put("seq", m.seq()).put("role", m.role()).put("content", m.content())
                    .put("created_at", m.createdAt().toString());
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Null when unreadable, or (defence in depth) when the entry is not the tenant's. */
    private static Entry decode(byte[] bytes, String tenantId) {
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            if (!tenantId.equals(n.path("tenant_id").asText())) {
                return null;
            }
            Conversation c = new Conversation(n.path("id").asText(), tenantId, n.path("user_id").asText(),
                    n.path("title").isNull() ? null : n.path("title").asText(), n.path("message_count").asInt(),
                    Instant.parse(n.path("created_at").asText()), Instant.parse(n.path("updated_at").asText()));
            List<StoredMessage> messages = new ArrayList<>();
            for (JsonNode m : n.path("messages")) {
                messages.add(new StoredMessage(m.path("seq").asInt(), m.path("role").asText(),
                        m.path("content").asText(), Instant.parse(m.path("created_at").asText())));
            }
            return new Entry(c, messages);
        } catch (Exception e) {
            return null;
        }
    }
}
