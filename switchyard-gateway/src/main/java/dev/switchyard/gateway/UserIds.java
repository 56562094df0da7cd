package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A user id from a path segment: percent-decoded as a path (a {@code +} stays a plus), strict UTF-8, at
 * most {@link #MAX_LENGTH} characters (the admin API's bound for a key's user), with no control characters,
 * no slash or backslash and no dot segment, so a decoded id can never read as another path.
 */
final class UserIds {
    static final int MAX_LENGTH = 200;

    private UserIds() {}

    /** The decoded id; invalid_request (never echoing more than a short prefix) when it is not a user id. */
    static String fromPathSegment(String segment) {
        String id = decode(segment);
        if (id.isBlank() || id.length() > MAX_LENGTH) {
            throw bad(segment, "expected 1 to " + MAX_LENGTH + " characters, not all blank");
        }
        if (id.equals(".") || id.equals("..")) {
            throw bad(segment, "a dot segment is not a user id");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || c == '/' || c == '\\') {
                throw bad(segment, "control characters, '/' and '\\' are not allowed");
            }
        }
        return id;
    }

    private static String decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                // Vert.x hands over the path as received: anything beyond ASCII was not escaped by the client.
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
            if (lo < 0) {
                throw bad(segment, "malformed percent-encoding");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad(segment, "not UTF-8 once percent-decoded");
        }
    }

    private static ApiException bad(String segment, String why) {
        return ApiException.invalidRequest("user_id '" + ClientInput.shortened(segment) + "': " + why);
    }
}
