package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a client sends, it gets a 4xx in Anthropic's shape and the gateway keeps serving. */
class BadInputTest {
    private static final long LIMIT = 64 * 1024;
    private static Harness harness;

    @BeforeAll
    static void start() {
        ServerConfig d = ServerConfig.defaults();
        harness = new Harness().server(new ServerConfig("127.0.0.1", 0, LIMIT, 8 * 1024, Duration.ofSeconds(5), 2))
                .deployment("a", "claude-sonnet-4-6").start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static Stream<Arguments> badBodies() {
        byte[] badUtf8 = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"\u0000\"}]}"
                .getBytes();
        badUtf8[badUtf8.length - 6] = (byte) 0xFF;
        return Stream.of(
                Arguments.of("malformed JSON", "{\"model\": \"claude".getBytes(), 400, "invalid_request_error"),
                Arguments.of("not an object", "\"hello\"".getBytes(), 400, "invalid_request_error"),
                Arguments.of("model mistyped", "{\"model\":7,\"max_tokens\":5,\"messages\":[]}".getBytes(), 400,
                        "invalid_request_error"),
                Arguments.of("max_tokens mistyped",
                        "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":\"5\",\"messages\":[]}".getBytes(), 400,
                        "invalid_request_error"),
                Arguments.of("messages missing", "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":5}".getBytes(), 400,
                        "invalid_request_error"),
                Arguments.of("deep nesting", ("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":5,\"messages\":[],\"x\":"
                        + "[".repeat(3000) + "]".repeat(3000) + "}").getBytes(), 400, "invalid_request_error"),
                Arguments.of("invalid UTF-8", badUtf8, 400, "invalid_request_error"),
                Arguments.of("empty body", new byte[0], 400, "invalid_request_error"),
                Arguments.of("unknown model", RawHttp.message("claude-nonexistent").getBytes(), 404, "not_found_error"),
                Arguments.of("oversize body", ("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":5,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"" + "a".repeat((int) LIMIT) + "\"}]}").getBytes(), 413,
                        "request_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBody_eachKind_getsItsStatusInAnthropicShape(String name, byte[] body, int status, String type) {
        HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages", HttpRequest.BodyPublishers.ofByteArray(body),
                Harness.CLIENT_KEY);

        assertThat(r.statusCode()).isEqualTo(status);
        assertErrorShape(r, type);
        assertThat(RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6")).statusCode())
                .as("still serving after %s", name).isEqualTo(200);
    }

    @Test
    void oversizeChunkedBody_withoutContentLength_is413() {
        byte[] body = new byte[(int) LIMIT * 3];
        java.util.Arrays.fill(body, (byte) 'a');
        // An InputStream publisher has no length: the client sends it chunked, without content-length.
        HttpRequest.BodyPublisher unknownLength = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(body));

        HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages", unknownLength, Harness.CLIENT_KEY);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertErrorShape(r, "request_too_large");
    }

    @Test
    void oversizeBody_refusedWhileClientStillSends_clientReadsThe413() {
        // Regression: the gateway closed the socket while the body was still arriving; the reset
        // could destroy the 413 before the client read it ("header parser received no bytes").
        byte[] body = new byte[(int) LIMIT * 64];
        java.util.Arrays.fill(body, (byte) 'a');

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages",
                    HttpRequest.BodyPublishers.ofByteArray(body), Harness.CLIENT_KEY);

            assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(413);
            assertErrorShape(r, "request_too_large");
        }
    }

    @Test
    void auth_missingOrWrongKey_is401_bearerWorks() {
        HttpResponse<String> missing = RawHttp.post(harness.baseUrl(), "/v1/messages",
                HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6")), null);
        HttpResponse<String> wrong = RawHttp.post(harness.baseUrl(), "/v1/messages",
                HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6")), "sk-sy-not-a-real-key");
        HttpResponse<String> bearer = RawHttp.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/messages"))
                .header("authorization", "Bearer " + Harness.CLIENT_KEY).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6"))).build());

        assertThat(missing.statusCode()).isEqualTo(401);
        assertErrorShape(missing, "authentication_error");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertErrorShape(wrong, "authentication_error");
        assertThat(wrong.body()).doesNotContain("sk-sy-not-a-real-key");
        assertThat(bearer.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRouteAndWrongMethod_areErrorsInAnthropicShape() {
        HttpResponse<String> unknown = RawHttp.get(harness.baseUrl(), "/v1/nothing");
        HttpResponse<String> wrongMethod = RawHttp.get(harness.baseUrl(), "/v1/messages");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertErrorShape(unknown, "not_found_error");
        assertThat(wrongMethod.statusCode()).isEqualTo(400);
        assertErrorShape(wrongMethod, "invalid_request_error");
    }

    @Test
    void oversizeHeaders_areRefused() {
        HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/models"))
                .header("x-api-key", Harness.CLIENT_KEY).header("x-padding", "p".repeat(16 * 1024)).GET().build());

        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(RawHttp.get(harness.baseUrl(), "/v1/models").statusCode()).isEqualTo(200);
    }

    private static void assertErrorShape(HttpResponse<String> r, String type) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
        assertThat(n.path("type").asText()).isEqualTo("error");
        assertThat(n.path("error").path("type").asText()).isEqualTo(type);
        assertThat(n.path("error").path("message").asText()).isNotBlank();
        assertThat(n.path("request_id").asText()).startsWith("req_");
        assertThat(r.headers().firstValue("request-id")).hasValue(n.path("request_id").asText());
    }
}
