package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCheckerTest {
    private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}\n\n";
    private static final String BLOCK_START = "event: content_block_start\ndata: {\"type\":\"content_block_start\","
            + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    private static final String PING = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
    private static final String BLOCK_STOP = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
            + "\"index\":0}\n\n";
    private static final String STOP = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static String delta(String text) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
    }

    private static String messageDelta(int tokens) {
        return "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":" + tokens + "}}\n\n";
    }

    private static List<String> good() {
        return new ArrayList<>(List.of(START, BLOCK_START, PING, delta("Quick"), delta(" brown"), delta(" fox"),
                BLOCK_STOP, messageDelta(3), STOP));
    }

    private static String check(List<String> events, String expectedText, int expectedDeltas) {
        StreamChecker checker = new StreamChecker(expectedText, expectedDeltas);
        SseParser parser = new SseParser(checker);
        parser.feed(String.join("", events).getBytes(StandardCharsets.UTF_8));
        return checker.finish(parser.hasPartialEvent());
    }

    @Test
    void theApiSequenceWithTheExpectedTextPasses() {
        StreamChecker checker = new StreamChecker("Quick brown fox", 3);
        new SseParser(checker).feed(String.join("", good()).getBytes(StandardCharsets.UTF_8));
        assertThat(checker.finish(false)).isNull();
        assertThat(checker.events()).isEqualTo(9);
        assertThat(checker.deltas()).isEqualTo(3);
        assertThat(checker.text()).isEqualTo("Quick brown fox");
    }

    @Test
    void aLostDeltaIsCaught() {
        List<String> events = good();
        events.remove(4);
        assertThat(check(events, "Quick brown fox", 3)).isEqualTo("2 text deltas, expected 3");
        assertThat(check(events, "Quick brown fox", -1)).contains("text differs");
    }

    @Test
    void reorderedDeltasAreCaughtByTheText() {
        List<String> events = good();
        events.set(4, delta(" fox"));
        events.set(5, delta(" brown"));
        assertThat(check(events, "Quick brown fox", 3)).isEqualTo("text differs from the expected at char 6 (got 15 chars, expected 15)");
    }

    @Test
    void reorderedOrMissingFramingEventsAreCaught() {
        List<String> swapped = good();
        swapped.set(1, PING);
        swapped.set(2, BLOCK_START);
        assertThat(check(swapped, null, 3)).isEqualTo("event 2: got ping, expected content_block_start");

        List<String> noPing = good();
        noPing.remove(PING);
        assertThat(check(noPing, null, 3)).contains("expected ping");

        List<String> truncated = good();
        truncated.remove(truncated.size() - 1);
        assertThat(check(truncated, null, 3)).contains("ended after 8 events, expecting message_stop");
    }

    @Test
    void anEventAfterMessageStopACutEventAndAnErrorEventFail() {
        List<String> extra = good();
        extra.add(PING);
        assertThat(check(extra, null, 3)).contains("after message_stop");

        List<String> cut = good();
        cut.set(cut.size() - 1, "event: message_stop\ndata: {\"type\":");
        assertThat(check(cut, null, 3)).contains("inside an event");

        List<String> error = good().subList(0, 4);
        error.add("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n");
        assertThat(check(error, null, 3)).contains("error event");
    }

    @Test
    void dataMustBeJsonOfTheNamedType() {
        List<String> events = good();
        events.set(3, "event: content_block_delta\ndata: {not json\n\n");
        assertThat(check(events, null, -1)).contains("not a JSON object");

        List<String> mislabelled = good();
        mislabelled.set(2, "event: ping\ndata: {\"type\":\"content_block_stop\"}\n\n");
        assertThat(check(mislabelled, null, -1)).contains("but data type content_block_stop");
    }
}
