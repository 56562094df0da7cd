package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.netty.util.AsciiString;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The checks every API request passes once its route is known, in the API's order: method, key, version.
 * Shared by every endpoint so that a batch or a file is refused exactly as a message is.
 */
final class Access {
    private static final CharSequence X_API_KEY = HttpHeaders.createOptimized("x-api-key");
    private static final CharSequence ANTHROPIC_VERSION = HttpHeaders.createOptimized("anthropic-version");

    private final String requiredApiKey;

    Access(String requiredApiKey) {
        this.requiredApiKey = requiredApiKey;
    }

    /**
     * Answers 405 and returns false when the method is none of {@code methods}; throws the authentication
     * and version errors; true when the request may go on.
     */
    boolean allowed(HttpServerRequest req, AsciiString requestId, HttpMethod... methods) {
        if (!oneOf(req.method(), methods)) {
            String allow = Arrays.stream(methods).map(HttpMethod::name).collect(Collectors.joining(", "));
            req.response().headers().add(Http.ALLOW, allow);
            Http.error(req, requestId, 405, ErrorType.INVALID_REQUEST,
                    "Method " + req.method().name() + " not allowed; use " + allow, null);
            return false;
        }
        checkKey(req);
        checkVersion(req);
        return true;
    }

    private static boolean oneOf(HttpMethod method, HttpMethod[] methods) {
        for (HttpMethod m : methods) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    private void checkKey(HttpServerRequest req) {
        String key = req.getHeader(X_API_KEY);
        if (key == null || key.isEmpty()) {
            String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).trim();
            }
        }
        if (key == null || key.isEmpty()) {
            throw new ApiException(ErrorType.AUTHENTICATION, "x-api-key header is required");
        }
        if (requiredApiKey != null && !requiredApiKey.equals(key)) {
            throw new ApiException(ErrorType.AUTHENTICATION, "invalid x-api-key");
        }
    }

    /** Present and dated (YYYY-MM-DD): versions keep coming (SDKs already send newer ones than 2023-06-01). */
    private static void checkVersion(HttpServerRequest req) {
        String version = req.getHeader(ANTHROPIC_VERSION);
        if (version == null || version.isEmpty()) {
            throw ApiException.invalidRequest("anthropic-version: header is required");
        }
        if (!isDate(version)) {
            throw ApiException.invalidRequest("anthropic-version: invalid version " + version);
        }
    }

    static boolean isDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return false;
            }
        }
        return true;
    }
}
