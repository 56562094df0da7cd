package dev.switchyard.conversation.store;

import dev.switchyard.core.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The keyset cursor of a user's list: the last row's (updated_at, id), base64url so clients treat it as
 * opaque. Keyset rather than offset: a page costs the same however deep it is, and rows inserted meanwhile
 * do not shift the next page.
 */
record ListCursor(Instant updatedAt, String id) {

    String encode() {
        String raw = updatedAt.getEpochSecond() + ":" + updatedAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ListCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 3);
            return new ListCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
        } catch (RuntimeException e) {
            throw ApiException.invalidRequest("invalid cursor: " + cursor);
        }
    }
}
