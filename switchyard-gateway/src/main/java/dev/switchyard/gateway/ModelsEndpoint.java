package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.claude.ModelInfo;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}, paged as Anthropic's API pages, in one shape that
 * both SDK families read: Anthropic's ({@code type}, {@code id}, {@code display_name}, {@code created_at};
 * the list's {@code has_more}, {@code first_id}, {@code last_id}) merged with OpenAI's ({@code object},
 * {@code created} in unix seconds, {@code owned_by}; the list's {@code object: "list"}).
 *
 * <p>Why merged rather than negotiated: nothing in the request reliably says which family asks. Seen on
 * the wire from the official SDKs (Anthropic TypeScript 1.14.0 and Java 3.14.0, OpenAI Node 6.49.0 and
 * Java 4.101.0): Anthropic's and OpenAI's Node SDK send {@code Accept: application/json}, OpenAI's Java SDK
 * no Accept at all, and all four authenticate with {@code Authorization: Bearer}. Besides the user agent,
 * only {@code anthropic-version} tells them apart (Anthropic's send it); keying on it would misread curl, a
 * proxy that drops the header, or an OpenAI client given it as a default header, and would answer one URL
 * in two shapes.
 *
 * <p>The merge costs nothing: the fields do not collide ({@code id} means the same in both), and every one of
 * these SDKs keeps unknown fields aside instead of failing (the TypeScript ones hand back the JSON as it
 * came; the Java ones keep them as additional properties), so each sees its own API.
 *
 * <p>Errors stay in Anthropic's shape on this route: the OpenAI SDKs pick the exception class from the
 * status alone and read the message from {@code error.message}, where both shapes keep it.
 *
 * <p>OpenAI's list is not paged (its SDKs never ask for a next page), so a request that names no page
 * ({@code limit}, {@code after_id}, {@code before_id}) and sends no {@code anthropic-version} (which every
 * Anthropic SDK sends) gets every model on one page; should a caller of Anthropic's API be read that way,
 * its answer is still valid: a whole list with {@code has_more: false}.
 */
final class ModelsEndpoint {
    /** Every deployment's provider is Anthropic (the configuration accepts no other), so it owns every model. */
    static final String OWNER = "anthropic";

    private ModelsEndpoint() {}

    static String list(List<ModelInfo> models, MultiMap params, MultiMap headers) {
        boolean unpaged = headers.get("anthropic-version") == null && params.get("limit") == null
                && params.get("after_id") == null && params.get("before_id") == null;
        int limit = unpaged ? Math.max(1, models.size()) : limit(params.get("limit"));
        String afterId = params.get("after_id");
        String beforeId = params.get("before_id");
        int from = 0;
        int to = models.size();
        if (afterId != null) {
            from = indexOf(models, afterId) + 1;
        }
        if (beforeId != null) {
            to = indexOf(models, beforeId);
            from = Math.max(from, to - limit);
        }
        to = Math.min(to, from + limit);
        List<ModelInfo> page = models.subList(Math.min(from, to), to);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        page.forEach(m -> data.add(json(m)));
        out.put("has_more", beforeId != null ? from > 0 : to < models.size());
        out.put("first_id", page.isEmpty() ? null : page.get(0).id());
        out.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        return out.toString();
    }

    static String one(List<ModelInfo> models, String id) {
        return models.stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .map(m -> json(m).toString())
                .orElseThrow(() -> ApiException.notFound("model: " + ClientInput.shortened(id)));
    }

    private static ObjectNode json(ModelInfo m) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("type", "model");
        n.put("id", m.id());
        n.put("display_name", m.displayName());
        n.put("created_at", m.createdAt());
        n.put("object", "model");
        n.put("created", Instant.parse(m.createdAt()).getEpochSecond());
        n.put("owned_by", OWNER);
        return n;
    }

    private static int indexOf(List<ModelInfo> models, String id) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).id().equals(id)) {
                return i;
            }
        }
        throw ApiException.invalidRequest("no model with id " + id);
    }

    private static int limit(String raw) {
        if (raw == null) {
            return 20;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalidRequest("limit: Input should be an integer between 1 and 1000");
    }
}
