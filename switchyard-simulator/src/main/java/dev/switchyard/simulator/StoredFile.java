package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * An uploaded file and its metadata. Marked downloadable, unlike the API's uploads (which only files the
 * API made itself are), so that a test can read back what it stored.
 */
record StoredFile(String id, String filename, String mimeType, Instant createdAt, Buffer content) {

    long size() {
        return content.length();
    }

    /** The file object of the API. */
    ObjectNode json() {
        return Json.mapper().createObjectNode().put("id", id).put("type", "file").put("filename", filename)
                .put("mime_type", mimeType).put("size_bytes", size()).put("created_at", createdAt.toString())
                .put("downloadable", true);
    }
}
