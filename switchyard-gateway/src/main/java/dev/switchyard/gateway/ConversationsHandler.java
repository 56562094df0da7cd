package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * {@code /v1/conversations}: create, list (a user's, newest first), get (with its messages), delete, and
 * {@code POST /v1/conversations/{id}/messages}, which appends the user's turn to the stored history, sends
 * the whole conversation down the normal Messages path (limits, cache, routing, fallbacks, streaming)
 * and stores the assistant's reply with the user's turn once the reply is complete. A key bound to a user
 * sees that user's conversations only, a key without one its whole tenant's ({@link ConversationScope});
 * anything else is not found (404, so an id is never confirmed). The user of a new conversation or a list
 * is the key's own user when it has one, else the {@code user_id} the caller names, else the key itself.
 */
final class ConversationsHandler {
    static final String PREFIX = "/v1/conversations";

    private final GatewayServices services;
    private final Chain messages;
    private final int turnStep;
    private final long maxBodyBytes;

    /** {@code messages}: the Messages chain; a turn joins it after authentication and the body. */
    ConversationsHandler(GatewayServices services, Chain messages, long maxBodyBytes) {
        this.services = services;
        this.messages = messages;
        this.turnStep = messages.indexOf(RecordStep.class);
        this.maxBodyBytes = maxBodyBytes;
    }

    Future<Integer> handle(Exchange ex) {
        ex.pauseBody();
        return services.auth().authenticate(Credentials.from(ex.request.headers()))
                .compose(principal -> {
                    ex.put(AuthenticateStep.PRINCIPAL, principal);
                    return BodyReader.read(ex, maxBodyBytes);
                })
                .compose(raw -> {
                    ex.put(ReadBodyStep.RAW_BODY, raw);
                    return route(ex, raw);
                })
                .recover(t -> Future.succeededFuture(ErrorResponder.send(ex, t)));
    }

    private Future<Integer> route(Exchange ex, Buffer raw) {
        String rest = ex.request.path().substring(PREFIX.length());
        String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/", -1);
        HttpMethod method = ex.request.method();
        ConversationService conversations = services.conversations();
        Principal principal = ex.get(AuthenticateStep.PRINCIPAL);
        String tenant = principal.tenantId();
        ConversationScope scope = scope(principal);
        if (parts.length == 0 && method == HttpMethod.POST) {
            JsonNode body = raw.length() == 0 ? Json.mapper().createObjectNode() : object(raw);
            String user = user(principal, text(body, "user_id"));
            conversations.userSeen(tenant, user);
            return conversations.create(tenant, user, text(body, "title"))
                    .map(c -> json(ex, 200, view(c, null)));
        }
        if (parts.length == 0 && method == HttpMethod.GET) {
            int limit = limit(param(ex, "limit"));
            String user = user(principal, param(ex, "user_id"));
            conversations.userSeen(tenant, user);
            return conversations.list(tenant, user, limit,
                    param(ex, "after")).map(page -> json(ex, 200, page(page)));
        }
        if (parts.length == 1 && !parts[0].isEmpty() && method == HttpMethod.GET) {
            return conversations.get(scope, parts[0]).compose(c -> conversations.messages(scope, c.id())
                    .map(list -> json(ex, 200, view(c, list))));
        }
        if (parts.length == 1 && !parts[0].isEmpty() && method == HttpMethod.DELETE) {
            return conversations.delete(scope, parts[0]).map(v -> json(ex, 200,
                    Json.mapper().createObjectNode().put("id", parts[0]).put("type", "conversation_deleted")));
        }
        if (parts.length == 2 && "messages".equals(parts[1]) && method == HttpMethod.POST) {
            return send(ex, scope, parts[0], object(raw));
        }
        return Future.failedFuture(ApiException.notFound("no route for " + method + " "
                + ClientInput.shortened(ex.request.path())));
    }

    /** Sends the history plus the new user turn through the Messages chain; stores both turns on success. */
    private Future<Integer> send(Exchange ex, ConversationScope scope, String id, JsonNode body) {
        JsonNode content = body.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            return Future.failedFuture(ApiException.invalidRequest(
                    "content: Field required (a string or a list of content blocks: the user's turn)"));
        }
        if (body.has("messages")) {
            return Future.failedFuture(ApiException.invalidRequest(
                    "messages: not allowed here; the conversation's history is sent for you"));
        }
        ex.put(ConversationStep.TURN, new ConversationStep.Turn(scope, id, (ObjectNode) body, content));
        return messages.runFrom(ex, turnStep);
    }

    private static ConversationScope scope(Principal p) {
        return p.userId() == null ? ConversationScope.tenant(p.tenantId())
                : ConversationScope.user(p.tenantId(), p.userId());
    }

    private static String param(Exchange ex, String name) {
        return ClientInput.params(ex.request).get(name);
    }

    private static String user(Principal p, String requested) {
        if (p.userId() != null) {
            if (requested != null && !requested.equals(p.userId())) {
                throw new ApiException(ErrorType.PERMISSION, "this API key acts for its own user only");
            }
            return p.userId();
        }
        return requested != null && !requested.isBlank() ? requested : p.keyId();
    }

    private static ObjectNode view(Conversation c, List<StoredMessage> messages) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("type", "conversation");
        n.put("id", c.id());
        n.put("user_id", c.userId());
        n.put("title", c.title());
        n.put("message_count", c.messageCount());
        n.put("created_at", c.createdAt().toString());
        n.put("updated_at", c.updatedAt().toString());
        if (messages != null) {
            ArrayNode list = n.putArray("messages");
            for (StoredMessage m : messages) {
                list.addObject().put("seq", m.seq()).put("role", m.role()).put("created_at", m.createdAt().toString())
                        .set("content", parse(m.content()));
            }
        }
        return n;
    }

    private static ObjectNode page(ConversationPage page) {
        ObjectNode n = Json.mapper().createObjectNode();
        ArrayNode data = n.putArray("data");
        page.data().forEach(c -> data.add(view(c, null)));
        n.put("has_more", page.next() != null);
        n.put("next", page.next());
        return n;
    }

    private static int json(Exchange ex, int status, JsonNode body) {
        ex.response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
        return status;
    }

    private static JsonNode parse(String json) {
        return ConversationStep.parse(json);
    }

    private static JsonNode object(Buffer raw) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(raw.getBytes());
        } catch (Exception e) {
            throw ApiException.invalidRequest("request body is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw ApiException.invalidRequest("request body must be a JSON object");
        }
        return n;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > 500) {
            throw ApiException.invalidRequest(field + ": expected a string of at most 500 characters");
        }
        return v.asText();
    }

    private static int limit(String value) {
        if (value == null) {
            return 20;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw ApiException.invalidRequest("limit: expected a whole number from 1 to 100, got '" + value + "'");
    }
}
