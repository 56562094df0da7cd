package dev.switchyard.conversation;

import io.vertx.core.Future;
import java.util.List;

/**
 * The conversation service: conversations and their messages, sharded by user. Every call is scoped by
 * tenant, and by user when the caller acts for one ({@link ConversationScope}): a conversation outside the
 * scope does not exist for the caller (failed with a not_found {@link dev.switchyard.core.error.ApiException}).
 * Async; implementations never block the caller's thread.
 *
 * <p>It also keeps each user's profile ({@link UserProfile}), a JSON object on the user's shard. The
 * profile calls take the tenant and user as given: deciding whether a caller may reach that user is the
 * caller's business.
 */
public interface ConversationService {

    Future<Conversation> create(String tenantId, String userId, String title);

    Future<Conversation> get(ConversationScope scope, String conversationId);

    /** The user's conversations, newest (last updated) first; {@code after} is the previous page's cursor or null. */
    Future<ConversationPage> list(String tenantId, String userId, int limit, String after);

    /** Deletes the conversation and its messages; not_found when it is not there (or outside the scope). */
    Future<Void> delete(ConversationScope scope, String conversationId);

    /** Every message of the conversation, oldest first. */
    Future<List<StoredMessage>> messages(ConversationScope scope, String conversationId);

    /**
     * Appends messages (e.g. the user's turn and the assistant's reply) after the last one, in one
     * transaction, and touches the conversation's update time. Returns them with their sequence numbers.
     */
    Future<List<StoredMessage>> append(ConversationScope scope, String conversationId, List<NewMessage> messages);

    /** The user's profile; not_found when they have none. */
    Future<UserProfile> profile(String tenantId, String userId);

    /**
     * Replaces the user's profile with {@code json}, which must be a JSON object (else invalid_request) of
     * at most the configured size once compact (else request_too_large).
     */
    Future<UserProfile> putProfile(String tenantId, String userId, String json);

    /**
     * Applies a JSON merge patch (RFC 7386: members replace, {@code null} deletes, objects merge) to the
     * user's profile, or to an empty object when they have none, atomically against other writes of the
     * same profile. The patch must be a JSON object; the result is bounded like {@link #putProfile}.
     */
    Future<UserProfile> patchProfile(String tenantId, String userId, String mergePatch);

    /**
     * The user made a request: a caching implementation may warm its cache with the user's recent
     * conversations when this is the first request after a pause. Never blocks, never fails.
     */
    default void userSeen(String tenantId, String userId) {
    }
}
