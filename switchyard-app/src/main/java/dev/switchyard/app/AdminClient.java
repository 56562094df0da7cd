package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The CLI's way into a running gateway's admin API. Options are a picocli mixin; the admin key is
 * best passed through SWITCHYARD_ADMIN_KEY so that it stays out of shell history and process lists.
 */
final class AdminClient {
    @Option(names = "--url", paramLabel = "URL", description = "The gateway (default: $SWITCHYARD_URL or http://127.0.0.1:8080).")
    String url;

    @Option(names = "--admin-key", paramLabel = "KEY", description = "Admin key (default: $SWITCHYARD_ADMIN_KEY).")
    String adminKey;

    /** A failed admin call: the gateway's error message, or why it could not be reached. */
    static final class AdminError extends Exception {
        AdminError(String message) {
            super(message, null, false, false);
        }
    }

    JsonNode call(String method, String path, JsonNode body) throws AdminError {
        String base = url != null ? url : System.getenv().getOrDefault("SWITCHYARD_URL", "http://127.0.0.1:8080");
        String key = adminKey != null ? adminKey : System.getenv("SWITCHYARD_ADMIN_KEY");
        if (key == null || key.isBlank()) {
            throw new AdminError("no admin key: set SWITCHYARD_ADMIN_KEY or pass --admin-key");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("x-api-key", key).header("content-type", "application/json");
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = resp.body().isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(resp.body());
            if (resp.statusCode() >= 400) {
                throw new AdminError(resp.statusCode() + " " + json.path("error").path("type").asText() + ": "
                        + json.path("error").path("message").asText(resp.body()));
            }
            return json;
        } catch (IOException e) {
            throw new AdminError("cannot reach " + base + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminError("interrupted");
        }
    }
}
