package dev.switchyard.conversation.store;

import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.ring.HashRing;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The blocking conversation store over a ring of shards (see {@link ShardKey} for the shard key). Every
 * call locates its user's ring position, holds that position's lock shared ({@link KeyLocks}), asks the
 * current {@link Routing} for the owner and runs on that one shard.
 */
final class ShardedConversationStore implements AutoCloseable {
    static final int MAX_PAGE = 100;
    private static final Set<String> ROLES = Set.of("user", "assistant");

    private final Clock clock;
    private final KeyLocks locks;
    private final ShardRegistry registry;
    private volatile Routing routing;

    ShardedConversationStore(HashRing<ShardStore> ring, ShardRegistry registry, Clock clock, long lockWaitMillis) {
        this.routing = Routing.of(ring);
        this.registry = registry;
        this.clock = clock;
        this.locks = new KeyLocks(lockWaitMillis);
    }

    /** Opens every shard of the config and of the registry, and finishes a reshard a crash interrupted. */
    static ShardedConversationStore open(ConversationConfig config, Clock clock) {
        return StoreOpener.open(config, clock);
    }

    Conversation create(String tenantId, String userId, String title) {
        require(tenantId, "tenant id");
        require(userId, "user id");
        long position = ShardKey.position(tenantId, userId);
        Instant now = now();
        var row = new Rows.ConversationRow(ShardKey.newConversationId(position), tenantId, userId, position, title, 0,
                0, now, now);
        onOwner(position, shard -> {
            shard.insert(row);
            return null;
        });
        return new Conversation(row.id(), tenantId, userId, title, 0, now, now);
    }

    Conversation get(ConversationScope scope, String id) {
        return onConversation(id, shard -> shard.find(scope, id)).orElseThrow(() -> ShardKey.notFound(id));
    }

    ConversationPage list(String tenantId, String userId, int limit, String after) {
        if (limit < 1) {
            throw ApiException.invalidRequest("limit must be at least 1, got " + limit);
        }
        int size = Math.min(limit, MAX_PAGE);
        ListCursor cursor = after == null ? null : ListCursor.decode(after);
        // One row more than asked tells whether there is a next page without a count.
        List<Conversation> rows = onOwner(ShardKey.position(tenantId, userId),
                shard -> shard.list(tenantId, userId, size + 1, cursor));
        if (rows.size() <= size) {
            return new ConversationPage(rows, null);
        }
        Conversation last = rows.get(size - 1);
        return new ConversationPage(rows.subList(0, size), new ListCursor(last.updatedAt(), last.id()).encode());
    }

    void delete(ConversationScope scope, String id) {
        if (!onConversation(id, shard -> shard.delete(scope, id))) {
            throw ShardKey.notFound(id);
        }
    }

    List<StoredMessage> messages(ConversationScope scope, String id) {
        return onConversation(id, shard -> shard.messages(scope, id)).orElseThrow(() -> ShardKey.notFound(id));
    }

    List<StoredMessage> append(ConversationScope scope, String id, List<NewMessage> messages) {
        validate(messages);
        Instant now = now();
        return onConversation(id, shard -> shard.append(scope, id, messages, now))
                .orElseThrow(() -> ShardKey.notFound(id));
    }

    UserProfile profile(String tenantId, String userId) {
        return onOwner(ShardKey.position(tenantId, userId), shard -> shard.profile(tenantId, userId))
                .orElseThrow(() -> ApiException.notFound("no profile for user " + userId));
    }

    UserProfile putProfile(String tenantId, String userId, String data) {
        require(tenantId, "tenant id");
        require(userId, "user id");
        require(data, "profile data");
        long position = ShardKey.position(tenantId, userId);
        var row = new Rows.ProfileRow(tenantId, userId, position, data, now());
        onOwner(position, shard -> {
            shard.putProfile(row);
            return null;
        });
        return new UserProfile(tenantId, userId, data, row.updatedAt());
    }

    /** Writes {@code change} of the profile's data ({@code "{}"} when there is none), atomically on its shard. */
    UserProfile changeProfile(String tenantId, String userId, UnaryOperator<String> change) {
        require(tenantId, "tenant id");
        require(userId, "user id");
        long position = ShardKey.position(tenantId, userId);
        var empty = new Rows.ProfileRow(tenantId, userId, position, "{}", now());
        String data = onOwner(position, shard -> shard.changeProfile(empty, change));
        return new UserProfile(tenantId, userId, data, empty.updatedAt());
    }

    List<ShardStats> stats() {
        List<ShardStats> stats = new ArrayList<>();
        for (ShardStore shard : routing.shards()) {
            stats.add(shard.stats());
        }
        return stats;
    }

    /** The shard that holds the conversation, found from the id alone. */
    String shardOf(String conversationId) {
        return routing.owner(ShardKey.positionOf(conversationId)).name();
    }

    List<String> shardNames() {
        return routing.shards().stream().map(ShardStore::name).toList();
    }

    @Override
    public void close() {
        routing.shards().forEach(ShardStore::close);
    }

    // --- for the Resharder ---------------------------------------------------------------------------------

    Routing routing() {
        return routing;
    }

    void route(Routing next) {
        routing = next;
    }

    KeyLocks locks() {
        return locks;
    }

    ShardRegistry registry() {
        return registry;
    }

    // --- plumbing ------------------------------------------------------------------------------------------

    private <T> T onConversation(String id, Function<ShardStore, T> work) {
        return onOwner(ShardKey.positionOf(id), work);
    }

    private <T> T onOwner(long position, Function<ShardStore, T> work) {
        return locks.shared(position, () -> work.apply(routing.owner(position)));
    }

    /** Micros: what both databases keep, so a cursor built from a returned time matches the stored one. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void validate(List<NewMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw ApiException.invalidRequest("append needs at least one message");
        }
        for (NewMessage message : messages) {
            if (message == null || !ROLES.contains(message.role()) || message.content() == null) {
                throw ApiException.invalidRequest("a message needs a role (user or assistant) and content");
            }
        }
    }

    private static void require(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw ApiException.invalidRequest(what + " is required");
        }
    }

    static HashRing<ShardStore> ring(List<ShardStore> shards, int virtualNodes) {
        Map<String, ShardStore> byName = new LinkedHashMap<>();
        shards.forEach(shard -> byName.put(shard.name(), shard));
        return HashRing.of(byName, virtualNodes);
    }
}
