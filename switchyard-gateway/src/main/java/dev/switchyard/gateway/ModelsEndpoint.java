package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.claude.ModelInfo;
import io.vertx.core.MultiMap;
import java.util.List;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}} in the API's list shape, paged as the API pages. */
final class ModelsEndpoint {
    private ModelsEndpoint() {}

    static String list(List<ModelInfo> models, MultiMap params) {
        int limit = limit(params.get("limit"));
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
