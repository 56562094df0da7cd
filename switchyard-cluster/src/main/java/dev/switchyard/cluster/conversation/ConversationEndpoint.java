package dev.switchyard.cluster.conversation;

import static dev.switchyard.cluster.conversation.ConversationWire.ROLE;

import dev.switchyard.cluster.RpcCall;
import dev.switchyard.cluster.RpcHandler;
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
import dev.switchyard.conversation.ConversationService;
import java.util.Map;

/** The conversation role on the role port: each call goes to the local {@link ConversationService}, its errors as they are. */
public final class ConversationEndpoint {
    private final ConversationService conversations;

    public ConversationEndpoint(ConversationService conversations) {
        this.conversations = conversations;
    }

    public Map<String, RpcHandler> routes() {
        return Map.ofEntries(
                route(ConversationWire.CREATE, this::create),
                route(ConversationWire.GET, this::get),
                route(ConversationWire.LIST, this::list),
                route(ConversationWire.DELETE, this::delete),
                route(ConversationWire.MESSAGES, this::messages),
                route(ConversationWire.APPEND, this::append),
                route(ConversationWire.PROFILE, this::profile),
                route(ConversationWire.PUT_PROFILE, this::putProfile),
                route(ConversationWire.PATCH_PROFILE, this::patchProfile),
                route(ConversationWire.USER_SEEN, this::userSeen));
    }

    private static Map.Entry<String, RpcHandler> route(String method, RpcHandler handler) {
        return Map.entry(ROLE + "/" + method, handler);
    }

    private void create(RpcCall call) {
        Create c = call.bodyAs(Create.class);
        call.complete(conversations.create(c.tenantId(), c.userId(), c.title()), ConversationJson::of);
    }

    private void get(RpcCall call) {
        Scoped s = call.bodyAs(Scoped.class);
        call.complete(conversations.get(s.scope(), s.conversationId()), ConversationJson::of);
    }

    private void list(RpcCall call) {
        ListPage l = call.bodyAs(ListPage.class);
        call.complete(conversations.list(l.tenantId(), l.userId(), l.limit(), l.after()), PageJson::of);
    }

    private void delete(RpcCall call) {
        Scoped s = call.bodyAs(Scoped.class);
        call.complete(conversations.delete(s.scope(), s.conversationId()), v -> Map.of());
    }

    private void messages(RpcCall call) {
        Scoped s = call.bodyAs(Scoped.class);
        call.complete(conversations.messages(s.scope(), s.conversationId()), MessagesJson::of);
    }

    private void append(RpcCall call) {
        Append a = call.bodyAs(Append.class);
        call.complete(conversations.append(a.scope(), a.conversationId(), a.messages()), MessagesJson::of);
    }

    private void profile(RpcCall call) {
        Profile p = call.bodyAs(Profile.class);
        call.complete(conversations.profile(p.tenantId(), p.userId()), ProfileJson::of);
    }

    private void putProfile(RpcCall call) {
        Profile p = call.bodyAs(Profile.class);
        call.complete(conversations.putProfile(p.tenantId(), p.userId(), p.json()), ProfileJson::of);
    }

    private void patchProfile(RpcCall call) {
        Profile p = call.bodyAs(Profile.class);
        call.complete(conversations.patchProfile(p.tenantId(), p.userId(), p.json()), ProfileJson::of);
    }

    /** Answered at once: the caller does not wait for the warming it may start. */
    private void userSeen(RpcCall call) {
        User u = call.bodyAs(User.class);
        conversations.userSeen(u.tenantId(), u.userId());
        call.reply(Map.of());
    }
}
