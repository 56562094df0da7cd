package dev.switchyard.conversation.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Profile documents: a JSON object kept as compact JSON of at most {@code maxBytes} bytes (UTF-8), and
 * the JSON merge patch (RFC 7386) that changes one. Numbers are read as written (decimals exactly, never
 * through a double), so a profile never loses digits or turns a large number into {@code Infinity}.
 */
final class ProfileDocuments {
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));

    private final int maxBytes;

    ProfileDocuments(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The compact form of a whole new profile; invalid_request unless an object, request_too_large if over. */
    String replacement(String json) {
        return bounded(object(json, "a profile"));
    }

    /** The patch as an object (RFC 7386 allows any value, but a profile must stay an object). */
    ObjectNode patch(String json) {
        return object(json, "a profile patch");
    }

    /** {@code current} (null: no profile yet, an empty object) with the patch applied, compact and bounded. */
    String merged(String current, ObjectNode patch) {
        ObjectNode target = current == null ? Json.mapper().createObjectNode() : object(current, "the stored profile");
        return bounded(apply(target, patch));
    }

    /** RFC 7386 section 2: objects merge member by member, null removes a member, anything else replaces. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }

    private String bounded(JsonNode document) {
        String compact = document.toString();
        int bytes = compact.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new ApiException(ErrorType.REQUEST_TOO_LARGE, "a profile may hold at most " + maxBytes
                    + " bytes of compact JSON; this one would hold " + bytes);
        }
        return compact;
    }

    private static ObjectNode object(String json, String what) {
        JsonNode n;
        try {
            n = json == null ? null : READER.readTree(json);
        } catch (Exception e) {
            throw ApiException.invalidRequest(what + " must be a JSON object; this is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw ApiException.invalidRequest(what + " must be a JSON object");
        }
        return (ObjectNode) n;
    }
}
