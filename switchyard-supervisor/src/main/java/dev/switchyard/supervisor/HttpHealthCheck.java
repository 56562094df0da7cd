package dev.switchyard.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET http://127.0.0.1:<health port>/health}: 200 is healthy, anything else or no answer in time is not.
 * A JSON body may carry {@code "requests": N} (requests served so far), read for the requests/s column.
 */
final class HttpHealthCheck implements HealthCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final HttpClient client;

    HttpHealthCheck(HttpClient client) {
        this.client = client;
    }

    static HttpHealthCheck create() {
        return new HttpHealthCheck(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build());
    }

    @Override
    public CompletableFuture<CheckResult> check(ChildSpec child, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.healthPort() + "/health"))
                .timeout(timeout).GET().build();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .handle((response, error) -> error != null || response.statusCode() != 200
                            ? CheckResult.FAILED
                            : new CheckResult(true, requests(response.body())));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CheckResult.FAILED);
        }
    }

    static OptionalLong requests(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY) {
            return OptionalLong.empty();
        }
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode requests = n == null ? null : n.get("requests");
            return requests != null && requests.canConvertToLong() && requests.isIntegralNumber()
                    && requests.asLong() >= 0 ? OptionalLong.of(requests.asLong()) : OptionalLong.empty();
        } catch (java.io.IOException e) {
            return OptionalLong.empty();
        }
    }
}
