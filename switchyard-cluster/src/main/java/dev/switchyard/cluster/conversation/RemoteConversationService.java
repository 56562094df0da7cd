package dev.switchyard.cluster.conversation;

import dev.switchyard.cluster.RoleClient;
import dev.switchyard.cluster.conversation.ConversationWire.Append;
import dev.switchyard.cluster.conversation.ConversationWire.ConversationJson;
import dev.switchyard.cluster.conversation.ConversationWire.Create;
import dev.switchyard.cluster.conversation.ConversationWire.ListPage;
import dev.switchyard.cluster.conversation.ConversationWire.MessagesJson;
import dev.switchyard.cluster.conversation.ConversationWire.PageJson;
import dev.switchyard.cluster.conversation.ConversationWire.Profile;
import dev.switchyard.cluster.conversation.ConversationWire.ProfileJson;
import dev.switchyard.cluster.conversation.ConversationWire.Scoped;
import dev.switchyard.cluster.conversation.ConversationWire.User;
import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import io.vertx.core.Future;
import java.util.List;

/**
 * {@link ConversationService} on conversation roles in other processes. Errors keep their type (not_found,
 * invalid_request, request_too_large...) across the hop. Reads and profile writes are idempotent, so
 * they are tried again on another instance when cut after sending. Create and append are not (they would
 * be stored twice), nor is delete (its second try would answer not_found).
 * {@link #userSeen} is sent without waiting for, or reporting, its answer.
 */
public final class RemoteConversationService implements ConversationService {
    private final RoleClient client;

    public RemoteConversationService(RoleClient client) {
        this.client = client;
    }

    @Override
    public Future<Conversation> create(String tenantId, String userId, String title) {
        // a create cut after sending is not retried either: it would leave a second, empty conversation
        return client.call(ConversationWire.CREATE, new Create(tenantId, userId, title), ConversationJson.class,
                false, "").map(ConversationJson::conversation);
    }

    @Override
    public Future<Conversation> get(ConversationScope scope, String conversationId) {
        return idempotent(ConversationWire.GET, new Scoped(scope, conversationId), ConversationJson.class)
                .map(ConversationJson::conversation);
    }

    @Override
    public Future<ConversationPage> list(String tenantId, String userId, int limit, String after) {
        return idempotent(ConversationWire.LIST, new ListPage(tenantId, userId, limit, after), PageJson.class)
                .map(PageJson::page);
    }

    @Override
    public Future<Void> delete(ConversationScope scope, String conversationId) {
        // not sent again when cut: a second delete of a deleted conversation would answer not_found
        return client.call(ConversationWire.DELETE, new Scoped(scope, conversationId), Void.class, false, "");
    }

    @Override
    public Future<List<StoredMessage>> messages(ConversationScope scope, String conversationId) {
        return idempotent(ConversationWire.MESSAGES, new Scoped(scope, conversationId), MessagesJson.class)
                .map(MessagesJson::list);
    }

    @Override
    public Future<List<StoredMessage>> append(ConversationScope scope, String conversationId,
            List<NewMessage> messages) {
        return client.call(ConversationWire.APPEND, new Append(scope, conversationId, messages), MessagesJson.class,
                false, "").map(MessagesJson::list);
    }

    @Override
    public Future<UserProfile> profile(String tenantId, String userId) {
        return idempotent(ConversationWire.PROFILE, new Profile(tenantId, userId, null), ProfileJson.class)
                .map(ProfileJson::profile);
    }

    @Override
    public Future<UserProfile> putProfile(String tenantId, String userId, String json) {
        return idempotent(ConversationWire.PUT_PROFILE, new Profile(tenantId, userId, json), ProfileJson.class)
                .map(ProfileJson::profile);
    }

    @Override
    public Future<UserProfile> patchProfile(String tenantId, String userId, String mergePatch) {
        // a merge patch applied twice gives the same document: safe to send again
        return idempotent(ConversationWire.PATCH_PROFILE, new Profile(tenantId, userId, mergePatch), ProfileJson.class)
                .map(ProfileJson::profile);
    }

    @Override
    public void userSeen(String tenantId, String userId) {
        try {
            client.call(ConversationWire.USER_SEEN, new User(tenantId, userId), Void.class, true, "");
        } catch (RuntimeException e) {
            // never fails the request it was called for: the warming is an optimisation
        }
    }

    private <T> Future<T> idempotent(String method, Object request, Class<T> type) {
        return client.call(method, request, type, true, "");
    }
}
