package dev.switchyard.gateway;

import io.vertx.core.MultiMap;

/** Finds the client's key: {@code x-api-key}, else {@code Authorization: Bearer}. */
final class Credentials {
    private Credentials() {}

    static String from(MultiMap headers) {
        String key = headers.get("x-api-key");
        if (key != null && !key.isEmpty()) {
            return key.trim();
        }
        String auth = headers.get("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }
}
