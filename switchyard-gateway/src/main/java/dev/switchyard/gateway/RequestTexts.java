package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.filter.ContentPolicy;
import dev.switchyard.filter.FilterResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of a Messages request the content filter reads: the system prompt (a string or text blocks),
 * each message's content (a string, text blocks, and the contents of tool_result blocks). The body is
 * copied only when a text changes: a request with nothing to redact keeps its body and bytes.
 */
final class RequestTexts {
    private RequestTexts() {}

    /** Where one text sits: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        String text() {
            return field != null ? parent.path(field).asText() : parent.path(index).asText();
        }

        void set(String text) {
            if (field != null) {
                ((ObjectNode) parent).put(field, text);
            } else {
                ((ArrayNode) parent).set(index, text);
            }
        }
    }

    /**
     * Applies the policy to every text. Returns a changed copy of the body, or null when nothing changed;
     * throws an {@link ApiException} (400) on a block.
     */
    static ObjectNode filter(ObjectNode body, ContentPolicy policy, FilterFindings findings) {
        List<Slot> slots = slots(body);
        List<String> filtered = new ArrayList<>(slots.size());
        boolean changed = false;
        for (Slot slot : slots) {
            String text = slot.text();
            FilterResult result = policy.apply(text);
            findings.add(result.findings(), "request");
            if (result.blocked()) {
                throw ApiException.invalidRequest(result.block().orElseThrow().message());
            }
            filtered.add(result.text());
            changed |= !result.text().equals(text);
        }
        if (!changed) {
            return null;
        }
        ObjectNode copy = body.deepCopy();
        List<Slot> copied = slots(copy);
        for (int i = 0; i < copied.size(); i++) {
            copied.get(i).set(filtered.get(i));
        }
        return copy;
    }

    private static List<Slot> slots(ObjectNode body) {
        List<Slot> out = new ArrayList<>();
        content(body, "system", out);
        for (JsonNode message : body.path("messages")) {
            if (message instanceof ObjectNode m) {
                content(m, "content", out);
            }
        }
        return out;
    }

    /** A string field, or an array of blocks: text blocks and the contents of tool results. */
    private static void content(ObjectNode parent, String field, List<Slot> out) {
        JsonNode value = parent.get(field);
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            out.add(new Slot(parent, field, -1));
            return;
        }
        for (JsonNode block : value) {
            if (!(block instanceof ObjectNode b)) {
                continue;
            }
            switch (b.path("type").asText()) {
                case "text" -> {
                    if (b.path("text").isTextual()) {
                        out.add(new Slot(b, "text", -1));
                    }
                }
                case "tool_result" -> content(b, "content", out);
                default -> { }
            }
        }
    }
}
