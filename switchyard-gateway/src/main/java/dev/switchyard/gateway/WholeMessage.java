package dev.switchyard.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole Message (an upstream body, a cache entry) as its events need it: its content blocks' types and
 * its usage at once, the tree only when a step reads an event's data. An upstream body is scanned as
 * tokens; the tree of a long answer (16 KB: a sixth of the request's CPU) is then built only if a filter,
 * a translation, the cache or a changed event needs it. A body the scan cannot vouch for (bad JSON,
 * a key twice, a type that is not a string) goes to the tree path, which stays the reference.
 */
final class WholeMessage {
    /** Reads the usage object where the scan stands: what follows it is the rest of the Message, not trailing. */
    private static final ObjectReader SUBTREE = Json.mapper().readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Buffer bytes;
    private final JsonNode usage;
    private final List<String> blockTypes;
    private ObjectNode tree;

    private WholeMessage(Buffer bytes, ObjectNode tree, JsonNode usage, List<String> blockTypes) {
        this.bytes = bytes;
        this.tree = tree;
        this.usage = usage;
        this.blockTypes = blockTypes;
    }

    /** A Message that is a tree already (a cache entry, a body the scan left to the tree path). */
    static WholeMessage of(ObjectNode message) {
        JsonNode content = message.path("content");
        List<String> types = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            types.add(block == null ? "" : block.path("type").asText());
        }
        return new WholeMessage(null, message, message.path("usage"), types);
    }

    /** The Message in a 200 body, or null when it is not one (relayed as it is, for the client to judge). */
    static WholeMessage read(Buffer body) {
        WholeMessage scanned = scan(body);
        if (scanned != null) {
            return scanned;
        }
        ObjectNode tree = UpstreamStep.messageIn(body);
        return tree == null ? null : of(tree);
    }

    /** Its usage object (a missing node when it has none): what the usage tap reads. */
    JsonNode usage() {
        return usage;
    }

    int blocks() {
        return blockTypes.size();
    }

    /** The type of content block {@code i}, "" when it has none. */
    String blockType(int i) {
        return blockTypes.get(i);
    }

    /** The whole tree, parsed on first use. Do not modify it. */
    ObjectNode tree() {
        if (tree == null) {
            tree = UpstreamStep.messageIn(bytes);
            if (tree == null) {
                // scan() accepted these bytes as one Message with the tree path's rules
                throw new IllegalStateException("a scanned Message no longer parses");
            }
        }
        return tree;
    }

    /** The tree if something built it, else null (tests). */
    ObjectNode treeIfBuilt() {
        return tree;
    }

    /** The scanned Message, or null when the tree path must decide. */
    static WholeMessage scan(Buffer body) {
        try (JsonParser p = Json.mapper().createParser(body.getBytes())) {
            return p.nextToken() == JsonToken.START_OBJECT ? root(body, p) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static WholeMessage root(Buffer body, JsonParser p) throws IOException {
        boolean message = false;
        JsonNode usage = null;
        List<String> types = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> {
                    if (message || value != JsonToken.VALUE_STRING || !p.getText().equals("message")) {
                        return null;
                    }
                    message = true;
                }
                case "usage" -> {
                    if (usage != null) {
                        return null;
                    }
                    usage = value == JsonToken.VALUE_NULL ? NullNode.getInstance() : SUBTREE.readTree(p);
                }
                case "content" -> {
                    if (types != null || value != JsonToken.START_ARRAY || (types = blockTypes(p)) == null) {
                        return null;
                    }
                }
                default -> JsonScan.read(p, value);
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null || !message) {
            return null;
        }
        return new WholeMessage(body, null, usage == null ? Json.mapper().missingNode() : usage,
                types == null ? List.of() : types);
    }

    /** Each block an object whose type, if it has one, is a string given once; null otherwise. */
    private static List<String> blockTypes(JsonParser p) throws IOException {
        List<String> types = new ArrayList<>(2);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String type = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("type")) {
                    if (type != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    type = p.getText();
                } else {
                    JsonScan.read(p, value);
                }
            }
            types.add(type == null ? "" : type);
        }
        return t == JsonToken.END_ARRAY ? types : null;
    }
}
