package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Messages event stream as OpenAI chunks. */
class ChatChunksTest {
    private final List<String> lines = new ArrayList<>();
    private final EventSink sink = new EventSink() {
        @Override
        public void emit(ResponseEvent event) {
            lines.add(event.sse().toString());
        }

        @Override
        public void fail(ApiException error) {
            throw error;
        }
    };

    private void feed(ChatChunks stage, String... events) throws Exception {
        for (String e : events) {
            ObjectNode data = (ObjectNode) Json.mapper().readTree(e);
            stage.event(ResponseEvent.of(data.get("type").asText(), data), sink);
        }
    }

    private static final String START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-haiku-4-5\","
            + "\"usage\":{\"input_tokens\":9,\"cache_read_input_tokens\":4,\"output_tokens\":1}}}";
    private static final String DELTA_END = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":2}}";
    private static final String STOP = "{\"type\":\"message_stop\"}";

    private JsonNode chunk(int i) throws Exception {
        assertThat(lines.get(i)).startsWith("data: ").endsWith("\n\n");
        return Json.mapper().readTree(lines.get(i).substring(6));
    }

    @Test
    void event_textStream_becomesRoleChunkContentChunksFinishChunkAndDone() throws Exception {
        ChatChunks stage = new ChatChunks(false, 42);
        feed(stage, START, "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"ping\"}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" you\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}", DELTA_END, STOP);

        assertThat(lines).hasSize(5);
        assertThat(chunk(0).get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(chunk(0).get("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(chunk(0).get("created").asLong()).isEqualTo(42);
        assertThat(chunk(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunk(1).at("/choices/0/delta/content").asText()).isEqualTo("Hi");
        assertThat(chunk(2).at("/choices/0/delta/content").asText()).isEqualTo(" you");
        assertThat(chunk(2).at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(chunk(3).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(lines.get(4)).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void event_includeUsage_addsAChunkWithNoChoicesAndTheUsageBeforeDone() throws Exception {
        ChatChunks stage = new ChatChunks(true, 0);
        feed(stage, START, DELTA_END, STOP);

        JsonNode usage = chunk(2);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage").toString()).isEqualTo("{\"prompt_tokens\":13,\"completion_tokens\":2,"
                + "\"total_tokens\":15,\"prompt_tokens_details\":{\"cached_tokens\":4}}");
        assertThat(lines.get(3)).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void event_parallelToolUse_streamsIndexedToolCallsWithArgumentsInPieces() throws Exception {
        ChatChunks stage = new ChatChunks(false, 0);
        feed(stage, START,
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"a\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\":1}\"}}",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"b\",\"input\":{}}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":5}}", STOP);

        assertThat(chunk(1).at("/choices/0/delta/tool_calls/0").toString()).isEqualTo("{\"index\":0,\"id\":\"toolu_a\","
                + "\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"\"}}");
        assertThat(chunk(2).at("/choices/0/delta/tool_calls/0/function/arguments").asText()).isEqualTo("{\"x\"");
        assertThat(chunk(3).at("/choices/0/delta/tool_calls/0/index").asInt()).isZero();
        assertThat(chunk(4).at("/choices/0/delta/tool_calls/0/index").asInt()).isEqualTo(1);
        assertThat(chunk(4).at("/choices/0/delta/tool_calls/0/id").asText()).isEqualTo("toolu_b");
        assertThat(chunk(5).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void event_upstreamErrorEvent_becomesAnOpenAiErrorLine() throws Exception {
        ChatChunks stage = new ChatChunks(false, 0);
        feed(stage, START, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

        assertThat(chunk(1).toString()).isEqualTo("{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":null}}");
    }
}
