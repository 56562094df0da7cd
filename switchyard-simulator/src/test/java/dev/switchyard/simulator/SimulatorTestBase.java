package dev.switchyard.simulator;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts a real simulator on an ephemeral port for every test and talks to it over HTTP/1.1. */
abstract class SimulatorTestBase {
    static final String KEY = "sk-ant-test";
    static final String VERSION = "2023-06-01";
    static Vertx vertx;
    static HttpClient http;

    ClaudeSimulator simulator;
    private AnthropicClient sdk;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        join(vertx.close());
        http.close();
    }

    /** The options of the simulator each test gets; fast streams unless a test class says otherwise. */
    SimulatorOptions options() {
        return SimulatorOptions.defaults().withTimeToFirstToken(Duration.ZERO).withTokensPerSecond(0)
                .withEventLoops(2);
    }

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = join(ClaudeSimulator.start(vertx, options()));
    }

    @AfterEach
    void stopSimulator() throws Exception {
        if (sdk != null) {
            sdk.close();
            sdk = null;
        }
        join(simulator.close());
    }

    /** The official Java SDK pointed at this test's simulator, no retries: it sees every answer as sent. */
    AnthropicClient sdk() {
        if (sdk == null) {
            sdk = AnthropicOkHttpClient.builder().baseUrl(simulator.baseUrl()).apiKey(KEY).maxRetries(0)
                    .timeout(Duration.ofSeconds(10)).build();
        }
        return sdk;
    }

    /** Replaces this test's simulator with one started with other options. */
    void restart(SimulatorOptions options) throws Exception {
        if (sdk != null) {
            sdk.close();
            sdk = null;
        }
        join(simulator.close());
        simulator = join(ClaudeSimulator.start(vertx, options));
    }

    static <T> T join(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("x-api-key", KEY)
                .header("anthropic-version", VERSION)
                .header("content-type", "application/json");
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return json(response.body());
    }

    /** A minimal valid Messages body. */
    static String body(String prompt, int maxTokens, boolean stream) {
        return "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }
}
