package dev.switchyard.conversation.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.health.DependencyCheck;
import dev.switchyard.core.health.DependencySource;
import dev.switchyard.core.health.JdbcCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The conversation service over sharded PostgreSQL (or the embedded H2): JDBC on Vert.x worker threads,
 * unordered so calls of one context run in parallel, never on the event loop. Conversations are sharded by
 * user (see {@link ShardKey}); shards can be added while serving ({@link #addShard}).
 */
public final class JdbcConversationService implements ConversationService, DependencySource, AutoCloseable {
    private final Vertx vertx;
    private final ShardedConversationStore store;
    private final ProfileDocuments profiles;

    private JdbcConversationService(Vertx vertx, ShardedConversationStore store, int maxProfileBytes) {
        this.vertx = vertx;
        this.store = store;
        this.profiles = new ProfileDocuments(maxProfileBytes);
    }

    /**
     * Opens and migrates every shard (those of the config and those a reshard added, from the registry on the
     * first configured shard), finishes an interrupted reshard, and builds the ring.
     */
    public static Future<JdbcConversationService> start(Vertx vertx, ConversationConfig config, Clock clock) {
        return vertx.executeBlocking(
                () -> new JdbcConversationService(vertx, ShardedConversationStore.open(config, clock),
                        config.maxProfileBytes()), false);
    }

    /**
     * Where the configured embedded shards keep their files, as the stores {@link #start} opens: for a caller
     * that opens them ahead ({@code dev.switchyard.jdbc.EarlyOpen}). Shards on PostgreSQL are left out.
     */
    public static List<StoreConfig> embeddedFiles(ConversationConfig config) {
        return config.shards().stream().map(ConversationConfig.Shard::store).filter(StoreConfig::isEmbedded)
                .map(ShardStore::embeddedFile).toList();
    }

    @Override
    public Future<Conversation> create(String tenantId, String userId, String title) {
        return blocking(() -> store.create(tenantId, userId, title));
    }

    @Override
    public Future<Conversation> get(ConversationScope scope, String conversationId) {
        return blocking(() -> store.get(scope, conversationId));
    }

    @Override
    public Future<ConversationPage> list(String tenantId, String userId, int limit, String after) {
        return blocking(() -> store.list(tenantId, userId, limit, after));
    }

    @Override
    public Future<Void> delete(ConversationScope scope, String conversationId) {
        return blocking(() -> {
            store.delete(scope, conversationId);
            return null;
        });
    }

    @Override
    public Future<List<StoredMessage>> messages(ConversationScope scope, String conversationId) {
        return blocking(() -> store.messages(scope, conversationId));
    }

    @Override
    public Future<List<StoredMessage>> append(ConversationScope scope, String conversationId,
            List<NewMessage> messages) {
        return blocking(() -> store.append(scope, conversationId, messages));
    }

    @Override
    public Future<UserProfile> profile(String tenantId, String userId) {
        return blocking(() -> store.profile(tenantId, userId));
    }

    @Override
    public Future<UserProfile> putProfile(String tenantId, String userId, String json) {
        String data;
        try {
            data = profiles.replacement(json);
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return blocking(() -> store.putProfile(tenantId, userId, data));
    }

    @Override
    public Future<UserProfile> patchProfile(String tenantId, String userId, String mergePatch) {
        ObjectNode patch;
        try {
            patch = profiles.patch(mergePatch);
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return blocking(() -> store.changeProfile(tenantId, userId, current -> profiles.merged(current, patch)));
    }

    /** Per-shard counts and sizes, every shard of the ring (and one being added). */
    public Future<List<ShardStats>> shardStats() {
        return blocking(store::stats);
    }

    /**
     * Adds a shard while serving: opens and migrates it, then moves to it exactly the users whose ring
     * position it takes over, and records it in the shard registry so a restart keeps it. Calls on a user
     * wait while that user's batch moves. Safe to run again after a failure or crash (it resumes).
     */
    public Future<ReshardReport> addShard(ConversationConfig.Shard shard) {
        return blocking(() -> new Resharder(store).addShard(ShardStore.open(shard.name(), shard.store())));
    }

    /** The directory an embedded shard of {@code store} keeps its files in (its own, under the embedded dir). */
    public static java.nio.file.Path embeddedFilesDir(StoreConfig store) {
        return ShardStore.embeddedFilesDir(store);
    }

    /**
     * One required check per shard of the ring now ({@code conversation_shard_<name>}): a valid connection,
     * on a worker thread. Asked again on every round, so a shard added while serving is checked too.
     */
    @Override
    public List<DependencyCheck> dependencyChecks() {
        return store.routing().shards().stream()
                .map(shard -> JdbcCheck.required(vertx, "conversation_shard_" + shard.name(), shard.dataSource()))
                .toList();
    }

    /** The names of the shards, in the order they joined. */
    public List<String> shards() {
        return store.shardNames();
    }

    /** The shard holding a conversation, from its id alone; not_found for an id that is not a conversation id. */
    public String shardOf(String conversationId) {
        return store.shardOf(conversationId);
    }

    /** Closes every shard's pool. Calls still running fail. */
    @Override
    public void close() {
        store.close();
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }
}
