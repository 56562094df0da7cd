package dev.switchyard.cluster.conversation;

import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import java.time.Instant;
import java.util.List;

/**
 * The conversation role's calls and answers as JSON records. Times travel as ISO-8601 text (the shared
 * mapper has no java.time support, and the text keeps every nanosecond).
 */
final class ConversationWire {
    static final String ROLE = "conversation";
    static final String CREATE = "create";
    static final String GET = "get";
    static final String LIST = "list";
    static final String DELETE = "delete";
    static final String MESSAGES = "messages";
    static final String APPEND = "append";
    static final String PROFILE = "profile";
    static final String PUT_PROFILE = "putProfile";
    static final String PATCH_PROFILE = "patchProfile";
    static final String USER_SEEN = "userSeen";

    private ConversationWire() {}

    record Create(String tenantId, String userId, String title) {}

    /** One conversation within a scope (get, delete, messages). */
    record Scoped(ConversationScope scope, String conversationId) {}

    record ListPage(String tenantId, String userId, int limit, String after) {}

    record Append(ConversationScope scope, String conversationId, List<NewMessage> messages) {}

    /** A user's profile: {@code json} is the document or merge patch (absent when reading it). */
    record Profile(String tenantId, String userId, String json) {}

    record User(String tenantId, String userId) {}

    record ConversationJson(String id, String tenantId, String userId, String title, int messageCount,
            String createdAt, String updatedAt) {
        static ConversationJson of(Conversation c) {
            return new ConversationJson(c.id(), c.tenantId(), c.userId(), c.title(), c.messageCount(),
                    text(c.createdAt()), text(c.updatedAt()));
        }

        Conversation conversation() {
            return new Conversation(id, tenantId, userId, title, messageCount, instant(createdAt), instant(updatedAt));
        }
    }

    record PageJson(List<ConversationJson> data, String next) {
        static PageJson of(ConversationPage page) {
            return new PageJson(page.data().stream().map(ConversationJson::of).toList(), page.next());
        }

        ConversationPage page() {
            return new ConversationPage(data.stream().map(ConversationJson::conversation).toList(), next);
        }
    }

    record MessageJson(int seq, String role, String content, String createdAt) {
        StoredMessage message() {
            return new StoredMessage(seq, role, content, instant(createdAt));
        }
    }

    record MessagesJson(List<MessageJson> messages) {
        static MessagesJson of(List<StoredMessage> list) {
            return new MessagesJson(list.stream()
                    .map(m -> new MessageJson(m.seq(), m.role(), m.content(), text(m.createdAt()))).toList());
        }

        List<StoredMessage> list() {
            return messages.stream().map(MessageJson::message).toList();
        }
    }

    record ProfileJson(String tenantId, String userId, String data, String updatedAt) {
        static ProfileJson of(UserProfile p) {
            return new ProfileJson(p.tenantId(), p.userId(), p.data(), text(p.updatedAt()));
        }

        UserProfile profile() {
            return new UserProfile(tenantId, userId, data, instant(updatedAt));
        }
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
