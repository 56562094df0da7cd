package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessagesTest extends SimulatorTestBase {

    @Test
    void messages_validRequest_returnsApiMessageShape() throws Exception {
        HttpResponse<String> response = post("/v1/messages", body("Hello there", 1024, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonNode message = json(response);
        assertThat(message.get("id").asText()).matches("msg_[0-9A-Za-z]{24}");
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(message.get("content")).hasSize(1);
        assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(message.at("/content/0/text").asText().split(" ")).hasSize(24);
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.get("stop_sequence").isNull()).isTrue();
        JsonNode usage = message.get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(3 + 3 + 4); // ceil(11 / 4) + 1 message + base
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(24);
        assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
    }

    @Test
    void messages_sameRequestTwice_returnsSameTextAndNewIds() throws Exception {
        JsonNode first = json(post("/v1/messages", body("Tell me a story", 1024, false)));
        JsonNode second = json(post("/v1/messages", body("Tell me a story", 1024, false)));
        JsonNode other = json(post("/v1/messages", body("Tell me a poem", 1024, false)));

        assertThat(text(second)).isEqualTo(text(first));
        assertThat(second.get("id").asText()).isNotEqualTo(first.get("id").asText());
        assertThat(text(other)).isNotEqualTo(text(first));
    }

    @Test
    void messages_maxTokensBelowResponseTokens_stopsWithMaxTokensOnAPrefix() throws Exception {
        String full = text(json(post("/v1/messages", body("Cap me", 1024, false))));
        JsonNode capped = json(post("/v1/messages", body("Cap me", 5, false)));

        assertThat(capped.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(capped.at("/usage/output_tokens").asInt()).isEqualTo(5);
        assertThat(text(capped).split(" ")).hasSize(5);
        assertThat(full).startsWith(text(capped) + " ");
    }

    @Test
    void countTokens_validRequest_returnsTheMessagesEstimate() throws Exception {
        String body = "{\"model\":\"claude-opus-5\",\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello, world\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"Hi\"},{\"role\":\"user\",\"content\":\"More\"}]}";
        HttpResponse<String> counted = post("/v1/messages/count_tokens", body);
        JsonNode message = json(post("/v1/messages", body.replace("{\"model\"", "{\"max_tokens\":9,\"model\"")));

        assertThat(counted.statusCode()).isEqualTo(200);
        // 9 + 12 + 2 + 4 = 27 characters -> 7, 3 messages -> 9, base 4
        assertThat(json(counted).get("input_tokens").asInt()).isEqualTo(20);
        assertThat(json(counted).size()).isEqualTo(1);
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(20);
    }

    @Test
    void stats_afterRequests_reportHeadersBodyAndCounts() throws Exception {
        String body = body("Remember me", 100, false);
        post("/v1/messages", body);
        post("/v1/messages/count_tokens", "{\"model\":\"claude-opus-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        get("/v1/models");
        send(request("/_simulator/stats").GET());

        SimulatorStats stats = simulator.stats();
        assertThat(stats.requests()).isEqualTo(3);
        assertThat(stats.messages()).isEqualTo(1);
        assertThat(stats.requestsByKind()).isEqualTo(new SimulatorStats.RequestsByKind(2, 0, 0, 1));
        assertThat(stats.lastBody()).isEqualTo(body);
        assertThat(stats.lastHeaders()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", VERSION);

        simulator.resetStats();
        assertThat(simulator.stats().requests()).isZero();
        assertThat(simulator.stats().requestsByKind()).isEqualTo(new SimulatorStats.RequestsByKind(0, 0, 0, 0));
        assertThat(simulator.stats().lastBody()).isNull();
        assertThat(simulator.stats().lastHeaders()).isEmpty();
    }

    @Test
    void messages_bearerTokenInsteadOfApiKey_isAccepted() throws Exception {
        HttpResponse<String> response = send(request("/v1/messages").setHeader("x-api-key", "")
                .header("authorization", "Bearer some-token")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("hi", 10, false))));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void messages_manyConcurrentRequestsOverSeveralLoops_allAnswered() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            responses.add(http.sendAsync(request("/v1/messages")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("n" + i, 50, false))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        assertThat(simulator.stats().messages()).isEqualTo(200);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{not json", 400, "invalid_request_error", "JSON"),
                Arguments.of("[]", 400, "invalid_request_error", "JSON object"),
                Arguments.of("{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400, "invalid_request_error", "model: Field required"),
                Arguments.of("{\"model\":7,\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400, "invalid_request_error", "model: Input should be a valid string"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400, "invalid_request_error", "max_tokens: Field required"),
                Arguments.of(body("x", 0, false), 400, "invalid_request_error", "max_tokens: Input should be greater"),
                Arguments.of(body("x", 10, false).replace("\"max_tokens\":10", "\"max_tokens\":\"10\""),
                        400, "invalid_request_error", "max_tokens: Input should be a valid integer"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"max_tokens\":10,\"messages\":[]}",
                        400, "invalid_request_error", "messages: at least one message"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"max_tokens\":10,\"messages\":{}}",
                        400, "invalid_request_error", "messages: Input should be a valid list"),
                Arguments.of(body("x", 10, false).replace("\"user\"", "\"system\""),
                        400, "invalid_request_error", "messages.0.role"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                        400, "invalid_request_error", "messages.0.content"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                        + "\"content\":[{\"type\":\"text\"}]}]}", 400, "invalid_request_error", "messages.0.content.0.text"),
                Arguments.of(body("x", 10, false).replace("\"stream\":false", "\"stream\":\"yes\""),
                        400, "invalid_request_error", "stream: Input should be a valid boolean"),
                Arguments.of(body("x", 10, false).replace("claude-sonnet-4-6", "claude-nope"),
                        404, "not_found_error", "model: claude-nope"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void messages_invalidBody_answersApiError(String body, int status, String type, String message) throws Exception {
        HttpResponse<String> response = post("/v1/messages", body);

        assertError(response, status, type, message);
    }

    @Test
    void messages_withoutApiKey_answers401() throws Exception {
        HttpResponse<String> response = send(request("/v1/messages").setHeader("x-api-key", "")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("x", 10, false))));

        assertError(response, 401, "authentication_error", "x-api-key");
    }

    @Test
    void messages_withoutVersion_answers400() throws Exception {
        HttpResponse<String> response = send(request("/v1/messages").setHeader("anthropic-version", "")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("x", 10, false))));

        assertError(response, 400, "invalid_request_error", "anthropic-version");
    }

    @Test
    void messages_malformedVersion_answers400AndNewerDatesPass() throws Exception {
        HttpResponse<String> bad = send(request("/v1/messages").setHeader("anthropic-version", "latest")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("x", 10, false))));
        HttpResponse<String> newer = send(request("/v1/messages").setHeader("anthropic-version", "2026-10-21")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("x", 10, false))));

        assertError(bad, 400, "invalid_request_error", "anthropic-version");
        assertThat(newer.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPath_answers404() throws Exception {
        assertError(get("/v1/nothing"), 404, "not_found_error", "Not Found");
        assertError(get("/v1/messages/"), 404, "not_found_error", "Not Found");
    }

    @Test
    void messages_wrongMethod_answers405WithAllow() throws Exception {
        HttpResponse<String> response = get("/v1/messages");

        assertError(response, 405, "invalid_request_error", "GET");
        assertThat(response.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void messages_declaredBodyOver32Mb_answers413() throws Exception {
        long length = 32L * 1024 * 1024 + 1;
        try (RawHttp raw = RawHttp.send(simulator.port(), head("content-length: " + length), new byte[0], true)) {
            await().until(() -> raw.head().startsWith("HTTP/1.1 413"));
            await().until(() -> raw.text().endsWith("}"));

            assertThat(json(raw.text().substring(raw.text().indexOf("\r\n\r\n") + 4)).at("/error/type").asText())
                    .isEqualTo("request_too_large");
        }
    }

    @Test
    void messages_chunkedBodyOver32Mb_answers413AndClosesAfterTheBody() throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 33; i++) {
            body.write(("100000\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(chunk);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        try (RawHttp raw = RawHttp.send(simulator.port(), head("transfer-encoding: chunked"), body.toByteArray(), true)) {
            await().atMost(Duration.ofSeconds(20)).until(raw::eof);

            assertThat(raw.head()).startsWith("HTTP/1.1 413");
            assertThat(raw.text()).contains("\"type\":\"request_too_large\"");
        }
    }

    private static String head(String lengthHeader) {
        return "POST /v1/messages HTTP/1.1\r\nhost: x\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\n"
                + "content-type: application/json\r\n" + lengthHeader + "\r\n\r\n";
    }

    static void assertError(HttpResponse<String> response, int status, String type, String message) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        String requestId = response.headers().firstValue("request-id").orElseThrow();
        assertThat(requestId).startsWith("req_");
        JsonNode error = json(response);
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo(type);
        assertThat(error.at("/error/message").asText()).contains(message);
        assertThat(error.get("request_id").asText()).isEqualTo(requestId);
    }

    static String text(JsonNode message) {
        return message.at("/content/0/text").asText();
    }
}
