package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * A Messages body as a JSON tree, built when a step first asks for it. The core path (no filter, no
 * cache, no conversations) never does: its checks read the token stream ({@link MessagesScan}) and the
 * upstream gets the client's bytes. One exchange's steps run on one event loop, so the tree needs no lock.
 */
final class RequestJson {
    /** The client's bytes, which the exchange keeps anyway to forward them; no copy is held here. */
    private final Buffer bytes;
    private ObjectNode tree;

    private RequestJson(Buffer bytes, ObjectNode tree) {
        this.bytes = bytes;
        this.tree = tree;
    }

    /** A body that is a tree already (built by a step, or parsed by the checks' slow path). */
    static RequestJson of(ObjectNode tree) {
        return new RequestJson(null, tree);
    }

    /** Bytes the checks accepted as one JSON object: parsed with the checks' reader on first use. */
    static RequestJson lazy(Buffer bytes) {
        return new RequestJson(bytes, null);
    }

    ObjectNode tree() {
        if (tree == null) {
            try {
                JsonNode parsed = MessagesRequest.READER.readTree(bytes.getBytes());
                tree = (ObjectNode) parsed;
            } catch (IOException | ClassCastException e) {
                // MessagesScan accepted these bytes as one JSON object with the same reader's rules
                throw new IllegalStateException("a checked request body no longer parses", e);
            }
        }
        return tree;
    }

    /** The tree if something built it, else null (the bytes are what travels). */
    ObjectNode treeIfBuilt() {
        return tree;
    }
}
