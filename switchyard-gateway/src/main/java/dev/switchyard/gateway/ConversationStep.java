package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversation history. For a turn sent to a stored conversation ({@link #TURN}, set by
 * {@code POST /v1/conversations/{id}/messages}): the request becomes the stored history plus the new
 * user turn, and the assistant's answer, once complete, is stored with that turn before the client's
 * response ends (a client that has the answer can rely on it being stored). For any request of a key
 * bound to a user: the user is marked seen.
 */
final class ConversationStep implements Step {
    @Override
    public String spanName() {
        return "conversation.load";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConversationStep.class);

    /** A user turn for a stored conversation: the request's other fields, and the turn's content. */
    record Turn(ConversationScope scope, String id, ObjectNode request, JsonNode content) {}

    static final Attribute<Turn> TURN = Attribute.named("conversation-turn");

    private final ConversationService conversations;

    ConversationStep(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        Turn turn = ex.get(TURN);
        if (turn == null) {
            Principal principal = ex.get(AuthenticateStep.PRINCIPAL);
            if (principal.userId() != null) {
                conversations.userSeen(principal.tenantId(), principal.userId());
            }
            return NEXT;
        }
        return conversations.get(turn.scope(), turn.id()).compose(c -> {
            conversations.userSeen(turn.scope().tenantId(), c.userId());
            return conversations.messages(turn.scope(), turn.id());
        }).map(history -> {
            ObjectNode request = withHistory(turn, history);
            ParseStep.replaceBody(ex, request);
            ex.response.putHeader("x-switchyard-conversation-id", turn.id());
            return null;
        });
    }

    @Override
    public ResponseStage response(Exchange ex) {
        Turn turn = ex.get(TURN);
        if (turn == null) {
            return null;
        }
        return WholeMessageStage.observing(reply -> store(ex, turn, reply));
    }

    private Future<Void> store(Exchange ex, Turn turn, ObjectNode reply) {
        List<NewMessage> both = List.of(new NewMessage("user", userTurnAsSent(ex, turn).toString()),
                new NewMessage("assistant", reply.path("content").toString()));
        return conversations.append(turn.scope(), turn.id(), both)
                .onFailure(e -> LOG.warn("request_id={} trace_id={} conversation {}: reply not stored: {}", ex.requestId, ex.traceId(),
                        turn.id(), e.toString()))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    /**
     * The user's turn as it went upstream: the last message of the request once the later steps are done
     * with it (the content filter may have redacted it), so what is stored is what was sent.
     */
    private static JsonNode userTurnAsSent(Exchange ex, Turn turn) {
        MessagesRequest req = ex.get(ParseStep.REQUEST);
        JsonNode messages = req == null ? null : req.body().get("messages");
        JsonNode last = messages == null || messages.isEmpty() ? null : messages.get(messages.size() - 1);
        return last != null && "user".equals(last.path("role").asText()) && last.has("content")
                ? last.get("content") : turn.content();
    }

    private static ObjectNode withHistory(Turn turn, List<StoredMessage> history) {
        ObjectNode request = turn.request().deepCopy();
        request.remove("content");
        ArrayNode all = request.putArray("messages");
        for (StoredMessage m : history) {
            all.addObject().put("role", m.role()).set("content", parse(m.content()));
        }
        all.addObject().put("role", "user").set("content", turn.content());
        return request;
    }

    static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            return Json.mapper().getNodeFactory().textNode(json);
        }
    }
}
