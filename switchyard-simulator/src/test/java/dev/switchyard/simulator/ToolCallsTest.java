package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ToolCallsTest extends SimulatorTestBase {
    private static final String TOOLS = "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}},"
            + "{\"name\":\"get_time\",\"input_schema\":{\"type\":\"object\"}}]";

    private static String request(String userContent, String extra, boolean stream) {
        return "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":100,\"stream\":" + stream + "," + TOOLS + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":" + userContent + "}]}";
    }

    @Test
    void messages_promptNamesATool_answersWithToolUse() throws Exception {
        JsonNode m = json(post("/v1/messages", request("\"call get_weather for Oslo\"", "", false)));

        assertThat(m.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(m.get("content")).hasSize(1);
        assertThat(m.at("/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(m.at("/content/0/id").asText()).startsWith("toolu_");
        assertThat(m.at("/content/0/name").asText()).isEqualTo("get_weather");
        assertThat(m.at("/content/0/input/request").asText()).isEqualTo("call get_weather for Oslo");
    }

    @Test
    void messages_promptNamesTwoTools_answersWithParallelCalls() throws Exception {
        JsonNode m = json(post("/v1/messages", request("\"get_weather and get_time please\"", "", false)));

        assertThat(m.findValuesAsText("name")).containsExactly("get_weather", "get_time");
    }

    @Test
    void messages_toolChoiceNoneOrNoToolNamed_answersWithText() throws Exception {
        JsonNode none = json(post("/v1/messages", request("\"call get_weather\"", ",\"tool_choice\":{\"type\":\"none\"}",
                false)));
        JsonNode unnamed = json(post("/v1/messages", request("\"hello\"", "", false)));

        assertThat(none.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(unnamed.at("/content/0/type").asText()).isEqualTo("text");
    }

    @Test
    void messages_afterToolResult_answersWithText() throws Exception {
        String content = "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"get_weather: 12 C\"}]";
        JsonNode m = json(post("/v1/messages", request(content, "", false)));

        assertThat(m.get("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void messages_streamedToolUse_sendsInputInPiecesThatJoinToTheInput() throws Exception {
        HttpResponse<String> r = post("/v1/messages", request("\"call get_time\"", "", true));
        StringBuilder input = new StringBuilder();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ") && line.contains("input_json_delta")) {
                input.append(json(line.substring(6)).at("/delta/partial_json").asText());
            }
        }

        assertThat(r.body()).contains("\"type\":\"tool_use\"").contains("\"stop_reason\":\"tool_use\"")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(json(input.toString()).get("request").asText()).isEqualTo("call get_time");
    }
}
