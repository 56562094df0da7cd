package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A whole Messages answer as an OpenAI chat.completion. */
class ChatReplyTest {
    static ObjectNode message(String content, String stopReason, String usage) throws Exception {
        return (ObjectNode) Json.mapper().readTree("{\"id\":\"msg_abc\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-6\",\"content\":" + content + ",\"stop_reason\":\"" + stopReason
                + "\",\"usage\":" + usage + "}");
    }

    @Test
    void completion_textAnswer_hasOpenAisShape() throws Exception {
        ObjectNode c = ChatReply.completion(message("[{\"type\":\"text\",\"text\":\"Hello \"},"
                + "{\"type\":\"text\",\"text\":\"there\"}]", "end_turn",
                "{\"input_tokens\":10,\"output_tokens\":3}"), 1_700_000_000L);

        assertThat(c.get("id").asText()).isEqualTo("chatcmpl-abc");
        assertThat(c.get("object").asText()).isEqualTo("chat.completion");
        assertThat(c.get("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(c.get("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(c.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(c.at("/choices/0/message/content").asText()).isEqualTo("Hello there");
        assertThat(c.at("/choices/0/message").has("tool_calls")).isFalse();
        assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void completion_toolUseBlocks_becomeToolCallsWithJsonArgumentsAndNullContent() throws Exception {
        ObjectNode c = ChatReply.completion(message("[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"a\","
                + "\"input\":{\"x\":1}},{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"b\",\"input\":{}}]",
                "tool_use", "{\"input_tokens\":1,\"output_tokens\":1}"), 0);

        JsonNode calls = c.at("/choices/0/message/tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).toString()).isEqualTo("{\"id\":\"toolu_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}}");
        assertThat(c.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls",
            "refusal,content_filter", "pause_turn,stop"})
    void finishReason_stopReason_mapsToOpenAisName(String stopReason, String finishReason) {
        assertThat(ChatReply.finishReason(stopReason)).isEqualTo(finishReason);
    }

    @Test
    void usage_cachedInput_countsInPromptTokensAndIsNamedCached() throws Exception {
        JsonNode u = ChatReply.usage(Json.mapper().readTree("{\"input_tokens\":10,\"cache_read_input_tokens\":100,"
                + "\"cache_creation_input_tokens\":5,\"output_tokens\":7}"));

        assertThat(u.toString()).isEqualTo("{\"prompt_tokens\":115,\"completion_tokens\":7,\"total_tokens\":122,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":100}}");
    }
}
