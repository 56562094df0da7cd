package dev.switchyard.gateway;

import dev.switchyard.core.net.HeaderNames;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/** Finds the client's key: {@code x-api-key}, else {@code Authorization: Bearer}. */
final class Credentials {
    private Credentials() {}

    static String from(MultiMap headers) {
        String key = headers.get(HeaderNames.X_API_KEY);
        if (key != null && !key.isEmpty()) {
            return key.trim();
        }
        String auth = headers.get(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }
}
