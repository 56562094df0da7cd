package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseUsageTapTest {
    private static final String STREAM = """
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

    /** Chunk sizes from one byte (every line split) to the whole stream at once. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 100_000})
    void feed_anyChunking_readsUsageAndFirstContentOnce(int chunkSize) {
        SseUsageTap tap = new SseUsageTap();
        AtomicInteger firstContent = new AtomicInteger();
        tap.onFirstContent(firstContent::incrementAndGet);
        byte[] all = STREAM.getBytes();
        for (int i = 0; i < all.length; i += chunkSize) {
            tap.feed(Buffer.buffer().appendBytes(all, i, Math.min(chunkSize, all.length - i)));
        }

        assertThat(tap.usage.inputTokens).isEqualTo(42);
        assertThat(tap.usage.outputTokens).isEqualTo(17);
        assertThat(tap.usage.cacheReadTokens).isEqualTo(7);
        assertThat(firstContent).hasValue(1);
        assertThat(tap.sawMessageStop()).isTrue();
        assertThat(tap.sawError()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void feed_errorEvent_isSeen(String newline) {
        SseUsageTap tap = new SseUsageTap();
        tap.feed(Buffer.buffer(("event: error" + newline + "data: {\"type\":\"error\"}" + newline + newline)));

        assertThat(tap.sawError()).isTrue();
        assertThat(tap.sawMessageStop()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"data: {not json\n\n", "event: message_delta\ndata: {\"usage\": [1,2\n\n"})
    void feed_malformedData_doesNotThrowAndKeepsZeroUsage(String garbage) {
        SseUsageTap tap = new SseUsageTap();
        tap.feed(Buffer.buffer(garbage));

        assertThat(tap.usage.outputTokens).isZero();
    }
}
