package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseEventSplitterTest {
    static final String STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":42,"output_tokens":1,"cache_read_input_tokens":7}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":17}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static List<ResponseEvent> split(byte[] all, int chunkSize) {
        List<ResponseEvent> out = new ArrayList<>();
        SseEventSplitter splitter = new SseEventSplitter(out::add);
        for (int i = 0; i < all.length; i += chunkSize) {
            splitter.feed(Buffer.buffer().appendBytes(all, i, Math.min(chunkSize, all.length - i)));
        }
        splitter.end();
        return out;
    }

    /** Chunk sizes from one byte (every line split) to the whole stream at once. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 100_000})
    void feed_anyChunking_yieldsTheEventsWithTheirOwnBytes(int chunkSize) {
        List<ResponseEvent> events = split(STREAM.getBytes(StandardCharsets.UTF_8), chunkSize);

        assertThat(events).extracting(ResponseEvent::type).containsExactly("message_start", "content_block_start",
                "ping", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta",
                "message_stop");
        Buffer again = Buffer.buffer();
        events.forEach(e -> again.appendBuffer(e.sse()));
        assertThat(again.toString(StandardCharsets.UTF_8)).isEqualTo(STREAM);
        assertThat(events.get(0).data().path("message").path("usage").path("input_tokens").asLong()).isEqualTo(42);
        assertThat(events.get(3).data().path("delta").path("text").asText()).isEqualTo("Hi");
        assertThat(events).allMatch(ResponseEvent::streamed).allMatch(ResponseEvent::original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void feed_errorEventWithEitherLineEnd_isNamedAndParsed(String newline) {
        List<ResponseEvent> events = split(("event: error" + newline + "data: {\"type\":\"error\"}" + newline
                + newline).getBytes(StandardCharsets.UTF_8), 3);

        assertThat(events).extracting(ResponseEvent::type).containsExactly("error");
        assertThat(events.get(0).data().path("type").asText()).isEqualTo("error");
    }

    @Test
    void feed_multiLineData_joinedWithNewlines() {
        List<ResponseEvent> events = split("event: x\ndata: {\"a\":\ndata: 1}\n\n".getBytes(StandardCharsets.UTF_8), 5);

        assertThat(events.get(0).data().path("a").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data: {not json\n\n", "event: message_delta\ndata: {\"usage\": [1,2\n\n"})
    void feed_malformedData_doesNotThrowAndHasNoData(String garbage) {
        List<ResponseEvent> events = split(garbage.getBytes(StandardCharsets.UTF_8), 4);

        assertThat(events).hasSize(1);
        assertThat(events.get(0).data().isMissingNode()).isTrue();
        assertThat(events.get(0).sse().toString(StandardCharsets.UTF_8)).isEqualTo(garbage);
    }

    @Test
    void end_streamCutMidEvent_handsOnTheRestAsItIs() {
        List<ResponseEvent> events = split("event: message_stop\ndata: {\"type\":\"mess".getBytes(StandardCharsets.UTF_8),
                6);

        assertThat(events).hasSize(1);
        assertThat(events.get(0).sse().toString(StandardCharsets.UTF_8))
                .isEqualTo("event: message_stop\ndata: {\"type\":\"mess");
    }
}
