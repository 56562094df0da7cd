package dev.switchyard.gateway.ui;

import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /admin/ui}: the live admin page, three static files from the classpath (no build step, no
 * third-party code). They hold no data and no secret, so they are served to anyone; everything the page
 * shows it fetches from the admin API with the admin key the operator types in, which the page keeps in the
 * tab's sessionStorage and sends as {@code x-api-key} (never in a URL or a cookie). The headers forbid any
 * script, style or fetch from elsewhere, framing and referrers.
 */
public final class AdminPage {
    public static final String PREFIX = "/admin/ui";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private record Asset(String type, Buffer body) {}

    private final Map<String, Asset> assets = Map.of(
            PREFIX, asset("index.html", "text/html; charset=utf-8"),
            PREFIX + "/", asset("index.html", "text/html; charset=utf-8"),
            PREFIX + "/app.js", asset("app.js", "text/javascript; charset=utf-8"),
            PREFIX + "/app.css", asset("app.css", "text/css; charset=utf-8"));

    /** Whether {@code path} is the page's: {@code /admin/ui} or below it. */
    public static boolean serves(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    public void handle(HttpServerRequest request) {
        Asset asset = assets.get(request.path());
        boolean read = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        if (asset == null || !read) {
            String requestId = "req_admin_" + UUID.randomUUID().toString().replace("-", "");
            ErrorType type = asset == null ? ErrorType.NOT_FOUND : ErrorType.INVALID_REQUEST;
            String message = asset == null ? "no admin page file at this path"
                    : "method " + request.method() + " is not allowed on the admin page";
            request.response().setStatusCode(type.status()).putHeader("request-id", requestId)
                    .putHeader("content-type", "application/json").end(ErrorBodies.json(type, message, requestId));
            return;
        }
        request.response().putHeader("content-type", asset.type())
                .putHeader("content-security-policy", POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("x-frame-options", "DENY")
                .putHeader("cache-control", "no-cache");
        if (request.method() == HttpMethod.HEAD) {
            request.response().putHeader("content-length", Integer.toString(asset.body().length())).end();
        } else {
            request.response().end(asset.body());
        }
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = AdminPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the admin page's " + name + " is missing from the classpath");
            }
            return new Asset(type, Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
