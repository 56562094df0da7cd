package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/** What the client sent, read so that malformed input is the client's 400 and echoes stay short. */
final class ClientInput {
    private static final int ECHO_LIMIT = 100;

    private ClientInput() {}

    /** The query parameters; a malformed query string (a bad %-escape) is the client's error, not ours. */
    static MultiMap params(HttpServerRequest request) {
        try {
            return request.params();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("the query string is not valid (malformed percent-encoding)");
        }
    }

    /** A client's text in an error message, cut short: a huge one is not echoed back whole. */
    static String shortened(String text) {
        return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "...";
    }
}
