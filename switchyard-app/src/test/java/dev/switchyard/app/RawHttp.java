package dev.switchyard.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for what the SDK hides: headers, raw bodies, bad input. */
final class RawHttp {
    static final String MESSAGE = "{\"model\":\"%s\",\"max_tokens\":32,\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RawHttp() {}

    static HttpResponse<String> post(String baseUrl, String path, String body) {
        return post(baseUrl, path, HttpRequest.BodyPublishers.ofString(body), Harness.CLIENT_KEY);
    }

    static HttpResponse<String> post(String baseUrl, String path, HttpRequest.BodyPublisher body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(body);
        if (key != null) {
            b.header("x-api-key", key);
        }
        return send(b.build());
    }

    static HttpResponse<String> get(String baseUrl, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("x-api-key", Harness.CLIENT_KEY).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String message(String model) {
        return MESSAGE.formatted(model);
    }
}
