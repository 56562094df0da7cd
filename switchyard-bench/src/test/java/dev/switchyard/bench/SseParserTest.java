package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<String> seen = new ArrayList<>();
    private final SseParser parser = new SseParser((event, data) -> seen.add(event + "|" + data));

    @Test
    void eventsSplitAtEveryByteStillParse() {
        byte[] bytes = ("event: ping\ndata: {\"type\":\"ping\"}\n\n"
                + "event: content_block_delta\ndata: {\"text\":\"Grüße\"}\n\n").getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(new byte[] {b});
        }
        assertThat(seen).containsExactly("ping|{\"type\":\"ping\"}", "content_block_delta|{\"text\":\"Grüße\"}");
        assertThat(parser.hasPartialEvent()).isFalse();
    }

    @Test
    void crlfAndCrLineEndingsCommentsAndMultiLineData() {
        feed(": keep-alive\r\nevent: a\r\ndata: 1\r\ndata:2\r\n\r\nevent: b\rdata: x\r\r");
        assertThat(seen).containsExactly("a|1\n2", "b|x");
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndDefaultNameIsMessage() {
        feed("event: nothing\n\ndata: plain\n\n");
        assertThat(seen).containsExactly("message|plain");
    }

    @Test
    void aCutStreamLeavesAPartialEvent() {
        feed("event: message_stop\ndata: {\"type\":\"message_st");
        assertThat(seen).isEmpty();
        assertThat(parser.hasPartialEvent()).isTrue();
    }

    private void feed(String s) {
        parser.feed(s.getBytes(StandardCharsets.UTF_8));
    }
}
