package dev.switchyard.simulator;

import static dev.switchyard.simulator.MessagesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The legacy Text Completions API over raw HTTP (the Java SDK 3.14.0 no longer has it). */
class CompletionsTest extends SimulatorTestBase {

    @Test
    void complete_validRequest_returnsTheLegacyCompletionShape() throws Exception {
        HttpResponse<String> response = post("/v1/complete", complete("Tell me a story", 256, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonNode completion = json(response);
        assertThat(completion.get("type").asText()).isEqualTo("completion");
        assertThat(completion.get("id").asText()).matches("compl_[0-9A-Za-z]{24}");
        assertThat(completion.get("completion").asText()).startsWith(" ");
        assertThat(completion.get("completion").asText().trim().split(" ")).hasSize(24);
        assertThat(completion.get("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(completion.get("stop").asText()).isEqualTo("\n\nHuman:");
        assertThat(completion.get("model").asText()).isEqualTo("claude-sonnet-4-6");
    }

    @Test
    void complete_smallMaxTokensToSample_stopsWithMaxTokensOnAPrefix() throws Exception {
        String full = json(post("/v1/complete", complete("Cap me", 256, false))).get("completion").asText();
        JsonNode capped = json(post("/v1/complete", complete("Cap me", 5, false)));

        assertThat(capped.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(capped.get("stop").isNull()).isTrue();
        assertThat(capped.get("completion").asText().trim().split(" ")).hasSize(5);
        assertThat(full).startsWith(capped.get("completion").asText() + " ");
    }

    @Test
    void complete_stream_sendsCompletionEventsThatAddUpToTheAnswer() throws Exception {
        String whole = json(post("/v1/complete", complete("Stream me", 8, false))).get("completion").asText();

        HttpResponse<String> response = post("/v1/complete", complete("Stream me", 8, true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        for (String event : response.body().split("\n\n")) {
            assertThat(event).startsWith("event: completion\ndata: ");
            events.add(json(event.substring(event.indexOf("data: ") + 6)));
        }
        assertThat(events).hasSize(9);
        assertThat(events.stream().map(e -> e.get("completion").asText()).reduce("", String::concat)).isEqualTo(whole);
        assertThat(events.getFirst().get("stop_reason").isNull()).isTrue();
        assertThat(events.getLast().get("stop_reason").asText()).isEqualTo("max_tokens");
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{\"model\":\"claude-opus-5\",\"max_tokens_to_sample\":5}", 400, "invalid_request_error",
                        "prompt: Field required"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"prompt\":\"\\n\\nHuman: hi\\n\\nAssistant:\"}", 400,
                        "invalid_request_error", "max_tokens_to_sample: Field required"),
                Arguments.of(complete("x", 0, false), 400, "invalid_request_error", "max_tokens_to_sample"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"max_tokens_to_sample\":5,\"prompt\":\"hi\"}", 400,
                        "invalid_request_error", "\\n\\nHuman:"),
                Arguments.of("{\"model\":\"claude-opus-5\",\"max_tokens_to_sample\":5,\"prompt\":\"\\n\\nHuman: hi\"}",
                        400, "invalid_request_error", "\\n\\nAssistant:"),
                Arguments.of(complete("x", 5, false).replace("claude-sonnet-4-6", "claude-nope"), 404, "not_found_error",
                        "model: claude-nope"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void complete_invalidBody_answersApiError(String body, int status, String type, String message) throws Exception {
        assertError(post("/v1/complete", body), status, type, message);
    }

    @Test
    void complete_withoutApiKeyOrWithGet_isRefusedLikeMessages() throws Exception {
        assertError(send(request("/v1/complete").setHeader("x-api-key", "")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(complete("x", 5, false)))), 401,
                "authentication_error", "x-api-key");
        assertError(get("/v1/complete"), 405, "invalid_request_error", "GET");
    }

    private static String complete(String words, int maxTokensToSample, boolean stream) {
        return "{\"model\":\"claude-sonnet-4-6\",\"prompt\":\"\\n\\nHuman: " + words + "\\n\\nAssistant:\","
                + "\"max_tokens_to_sample\":" + maxTokensToSample + ",\"stream\":" + stream + "}";
    }
}
