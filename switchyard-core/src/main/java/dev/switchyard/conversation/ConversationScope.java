package dev.switchyard.conversation;

import java.util.Objects;

/**
 * Whose conversations a call may touch: every conversation of one tenant ({@link #tenant}, a key with no
 * user), or only one user's ({@link #user}, a key bound to a user). A conversation outside the scope does
 * not exist for the caller: not_found, never forbidden, so its id is not confirmed.
 */
public record ConversationScope(String tenantId, String userId) {

    public ConversationScope {
        Objects.requireNonNull(tenantId, "tenantId");
    }

    public static ConversationScope tenant(String tenantId) {
        return new ConversationScope(tenantId, null);
    }

    public static ConversationScope user(String tenantId, String userId) {
        return new ConversationScope(tenantId, Objects.requireNonNull(userId, "userId"));
    }

    /** True when the caller may see this conversation. */
    public boolean includes(Conversation c) {
        return tenantId.equals(c.tenantId()) && (userId == null || userId.equals(c.userId()));
    }
}
