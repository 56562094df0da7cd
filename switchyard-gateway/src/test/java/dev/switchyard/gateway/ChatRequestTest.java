package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.config.ConfigLoader;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** OpenAI Chat Completions bodies into Messages bodies, one mapping rule per test. */
class ChatRequestTest {
    private static final OutputLimits LIMITS = OutputLimits.defaults();
    private static final String USER = "{\"role\":\"user\",\"content\":\"Hi\"}";

    private static ObjectNode convert(String fields, String... messages) {
        String body = "{\"model\":\"claude-sonnet-4-6\"" + (fields.isEmpty() ? "" : "," + fields)
                + ",\"messages\":[" + String.join(",", messages.length == 0 ? new String[] {USER} : messages) + "]}";
        try {
            return ChatRequest.from((ObjectNode) Json.mapper().readTree(body), LIMITS).messages();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ChatRequest request(String fields) throws Exception {
        return ChatRequest.from((ObjectNode) Json.mapper().readTree("{\"model\":\"m\",\"messages\":[" + USER + "],"
                + fields + "}"), LIMITS);
    }

    @Test
    void from_plainUserMessage_becomesAMessagesBodyThatParseStepAccepts() {
        ObjectNode out = convert("");

        assertThat(out.get("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(out.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(out.at("/messages/0/content/0/text").asText()).isEqualTo("Hi");
        assertThat(MessagesRequest.check(out, true).maxTokens()).isEqualTo(ChatRequest.DEFAULT_MAX_TOKENS);
    }

    @Test
    void from_systemAndDeveloperMessages_areHoistedIntoOneSystemPrompt() {
        ObjectNode out = convert("", "{\"role\":\"system\",\"content\":\"Be brief.\"}",
                "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Use French.\"}]}", USER);

        assertThat(out.get("system").asText()).isEqualTo("Be brief.\n\nUse French.");
        assertThat(out.get("messages")).hasSize(1);
    }

    @Test
    void from_maxCompletionTokens_winsOverMaxTokens() {
        assertThat(convert("\"max_tokens\":10").get("max_tokens").asLong()).isEqualTo(10);
        assertThat(convert("\"max_tokens\":10,\"max_completion_tokens\":20").get("max_tokens").asLong())
                .isEqualTo(20);
    }

    @Test
    void from_noMaxTokensForAModelWithALowerBound_defaultsToThatBound() throws Exception {
        OutputLimits small = OutputLimits.of(new ConfigLoader(java.util.Map.<String, String>of()::get).parse("""
                deployments:
                  - { name: a, base_url: "http://127.0.0.1:1", models: [small-model] }
                models:
                  small-model: { max_output_tokens: 1000 }
                """));
        ObjectNode body = (ObjectNode) Json.mapper().readTree("{\"model\":\"small-model\",\"messages\":[" + USER + "]}");

        assertThat(ChatRequest.from(body, small).messages().get("max_tokens").asLong()).isEqualTo(1000);
    }

    @Test
    void from_temperatureAboveOne_isCappedAndTopPAndStopPassThrough() {
        ObjectNode out = convert("\"temperature\":1.7,\"top_p\":0.9,\"stop\":\"END\"");

        assertThat(out.get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(out.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(out.get("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(convert("\"stop\":[\"a\",\"b\"]").get("stop_sequences")).hasSize(2);
    }

    @Test
    void from_user_becomesMetadataUserId() {
        assertThat(convert("\"user\":\"u-42\"").at("/metadata/user_id").asText()).isEqualTo("u-42");
    }

    @Test
    void from_imageParts_becomeBase64AndUrlImageSources() {
        ObjectNode out = convert("", "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is it?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\"}}]}");

        JsonNode content = out.at("/messages/0/content");
        assertThat(content.get(1).toString()).isEqualTo("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}");
        assertThat(content.get(2).toString())
                .isEqualTo("{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}}");
    }

    @Test
    void from_imageOverPlainHttp_isRefusedNamingThePart() {
        assertThatThrownBy(() -> convert("", "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"http://example.com/a.png\"}}]}"))
                .isInstanceOfSatisfying(ChatErrors.ParamException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url"));
    }

    @Test
    void from_toolsAndToolChoice_becomeMessagesTools() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"W\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

        ObjectNode out = convert(tools + ",\"tool_choice\":\"required\",\"parallel_tool_calls\":false");

        assertThat(out.at("/tools/0/name").asText()).isEqualTo("get_weather");
        assertThat(out.at("/tools/0/description").asText()).isEqualTo("W");
        assertThat(out.at("/tools/0/input_schema/properties/city/type").asText()).isEqualTo("string");
        assertThat(out.get("tool_choice").toString())
                .isEqualTo("{\"type\":\"any\",\"disable_parallel_tool_use\":true}");
        assertThat(convert(tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}")
                .get("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"get_weather\"}");
        assertThat(convert(tools + ",\"tool_choice\":\"none\"").at("/tool_choice/type").asText()).isEqualTo("none");
    }

    @Test
    void from_assistantToolCallsAndToolMessages_becomeToolUseAndOneTurnOfToolResults() {
        ObjectNode out = convert("", USER,
                "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}},"
                        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}]}",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"one\"}",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":[{\"type\":\"text\",\"text\":\"two\"}]}");

        JsonNode turns = out.get("messages");
        assertThat(turns).hasSize(3);
        assertThat(turns.at("/1/content/0").toString())
                .isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"a\",\"input\":{\"x\":1}}");
        assertThat(turns.at("/1/content")).hasSize(2);
        assertThat(turns.at("/2/role").asText()).isEqualTo("user");
        assertThat(turns.at("/2/content/0").toString())
                .isEqualTo("{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"one\"}");
        assertThat(turns.at("/2/content/1/content").asText()).isEqualTo("two");
    }

    @Test
    void from_toolCallArgumentsNotJson_isRefusedNamingThem() {
        assertThatThrownBy(() -> convert("", USER, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
                + "\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"{oops\"}}]}"))
                .hasMessageContaining("messages[1].tool_calls[0].function.arguments");
    }

    @Test
    void from_responseFormat_addsAJsonInstructionToTheSystemPrompt() {
        assertThat(convert("\"response_format\":{\"type\":\"json_object\"}").get("system").asText())
                .isEqualTo(ChatResponseFormat.JSON_OBJECT);
        String schema = convert("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\","
                + "\"schema\":{\"type\":\"object\",\"required\":[\"name\"]}}}", "{\"role\":\"system\",\"content\":\"S\"}",
                USER).get("system").asText();
        assertThat(schema).startsWith("S\n\n" + ChatResponseFormat.JSON_SCHEMA)
                .endsWith("{\"type\":\"object\",\"required\":[\"name\"]}");
        assertThat(convert("\"response_format\":{\"type\":\"text\"}").has("system")).isFalse();
    }

    @Test
    void from_streamWithIncludeUsage_isRememberedAndStreamGoesUpstream() throws Exception {
        ChatRequest r = request("\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.messages().get("stream").asBoolean()).isTrue();
        assertThat(request("\"stream_options\":{\"include_usage\":true}").includeUsage()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"n\":2|n",
            "\"logprobs\":true|logprobs",
            "\"top_logprobs\":3|top_logprobs",
            "\"logit_bias\":{\"50256\":-100}|logit_bias",
            "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}|audio",
            "\"modalities\":[\"text\",\"audio\"]|modalities",
            "\"functions\":[{\"name\":\"f\"}]|functions",
            "\"max_tokens\":0|max_tokens",
            "\"tool_choice\":\"sometimes\"|tool_choice"})
    void from_unsupportedOrInvalidParameter_isRefusedWith400NamingIt(String field, String param) {
        assertThatThrownBy(() -> request(field))
                .isInstanceOfSatisfying(ChatErrors.ParamException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).startsWith(param + ": ");
                });
    }

    @Test
    void from_nOfOneAndEmptyLogitBias_areAccepted() throws Exception {
        assertThat(request("\"n\":1,\"logit_bias\":{},\"logprobs\":false,\"seed\":7").messages().has("n")).isFalse();
    }

    @Test
    void from_noMessagesOrUnknownRole_isRefused() {
        assertThatThrownBy(() -> ChatRequest.from((ObjectNode) Json.mapper().readTree("{\"model\":\"m\"}"), LIMITS))
                .hasMessageStartingWith("messages: ");
        assertThatThrownBy(() -> convert("", "{\"role\":\"function\",\"content\":\"x\"}"))
                .hasMessageStartingWith("messages[0].role: ");
    }
}
