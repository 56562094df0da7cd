package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The forms the response cache moves between: canonical keys, streams assembled, messages replayed. */
class ResponseCacheFormsTest {
    private static final String STREAM = String.join("\n",
            "event: message_start",
            "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-4-6\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}",
            "",
            "event: content_block_start",
            "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "",
            "event: ping",
            "data: {\"type\":\"ping\"}",
            "",
            "event: content_block_delta",
            "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
            "",
            "event: content_block_delta",
            "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", wörld\"}}",
            "",
            "event: content_block_stop",
            "data: {\"type\":\"content_block_stop\",\"index\":0}",
            "",
            "event: content_block_start",
            "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"tu_1\","
                    + "\"name\":\"get_weather\",\"input\":{}}}",
            "",
            "event: content_block_delta",
            "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                    + "\"partial_json\":\"{\\\"city\\\": \\\"Par\"}}",
            "",
            "event: content_block_delta",
            "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                    + "\"partial_json\":\"is\\\"}\"}}",
            "",
            "event: content_block_stop",
            "data: {\"type\":\"content_block_stop\",\"index\":1}",
            "",
            "event: message_delta",
            "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                    + "\"usage\":{\"output_tokens\":9}}",
            "",
            "event: message_stop",
            "data: {\"type\":\"message_stop\"}",
            "", "");

    @Test
    void assemble_fullStreamInOddChunks_buildsTheFinalMessage() {
        MessageAssembler a = new MessageAssembler();
        byte[] bytes = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            a.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7))));
        }
        ObjectNode m = a.message();

        assertThat(m).isNotNull();
        assertThat(m.path("content").get(0).path("text").asText()).isEqualTo("Hello, wörld");
        assertThat(m.path("content").get(1).path("input").path("city").asText()).isEqualTo("Paris");
        assertThat(m.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(m.path("usage").path("output_tokens").asInt()).isEqualTo(9);
        assertThat(m.path("usage").path("input_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void assemble_streamWithoutMessageStopOrWithError_isNotCacheable() {
        MessageAssembler cut = new MessageAssembler();
        cut.feed(Buffer.buffer(STREAM.substring(0, STREAM.indexOf("event: message_stop"))));
        assertThat(cut.message()).isNull();

        MessageAssembler failed = new MessageAssembler();
        failed.feed(Buffer.buffer(STREAM.replace("event: ping\ndata: {\"type\":\"ping\"}",
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"x\"}}")));
        assertThat(failed.message()).isNull();
    }

    @Test
    void replay_assembledMessage_assemblesBackToTheSameMessage() {
        MessageAssembler a = new MessageAssembler();
        a.feed(Buffer.buffer(STREAM));
        ObjectNode original = a.message();

        Buffer replay = SseReplay.events(original);
        MessageAssembler again = new MessageAssembler();
        again.feed(replay);

        assertThat(again.message()).isEqualTo(original);
        assertThat(replay.toString()).startsWith("event: message_start\ndata: ").contains("event: message_stop\n");
    }

    @Test
    void digest_keyOrderWhitespaceAndStream_doNotMatterButContentTenantAndVersionDo() throws Exception {
        ObjectNode a = body("{\"model\":\"m\",\"max_tokens\":5,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ObjectNode b = body("{ \"messages\":[{\"content\":\"hi\",\"role\":\"user\"}], \"temperature\":0.0, \"stream\":true,"
                + " \"max_tokens\":5, \"model\":\"m\"}");
        ObjectNode c = body("{\"model\":\"m\",\"max_tokens\":5,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi!\"}]}");

        String key = CacheKeys.digest("t1", a, "2023-06-01", null);
        assertThat(CacheKeys.digest("t1", b, "2023-06-01", null)).isEqualTo(key);
        assertThat(CacheKeys.digest("t1", c, "2023-06-01", null)).isNotEqualTo(key);
        assertThat(CacheKeys.digest("t2", a, "2023-06-01", null)).as("tenant is part of the key").isNotEqualTo(key);
        assertThat(CacheKeys.digest("t1", a, "2023-06-01", "beta-x")).isNotEqualTo(key);
        assertThat(CacheKeys.digest("t1", a, "2024-01-01", null)).isNotEqualTo(key);
        assertThat(key).matches("[0-9a-f]{64}");
    }

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) Json.mapper().readTree(json);
    }
}
