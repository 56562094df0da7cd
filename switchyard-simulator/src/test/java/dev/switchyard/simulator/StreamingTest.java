package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.simulator.RawHttp.SseEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingTest extends SimulatorTestBase {

    @Test
    void stream_validRequest_emitsEventsInApiOrder() throws Exception {
        HttpResponse<String> response = post("/v1/messages", body("Stream please", 1024, true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        List<SseEvent> events = SseEvent.parse(response.body());
        List<String> expected = new ArrayList<>(List.of("message_start", "content_block_start", "ping"));
        for (int i = 0; i < 24; i++) {
            expected.add("content_block_delta");
        }
        expected.addAll(List.of("content_block_stop", "message_delta", "message_stop"));
        assertThat(events).extracting(SseEvent::event).containsExactlyElementsOf(expected);
        for (SseEvent event : events) {
            assertThat(json(event.data()).get("type").asText()).isEqualTo(event.event());
        }
        JsonNode start = json(events.getFirst().data()).get("message");
        assertThat(start.get("id").asText()).startsWith("msg_");
        assertThat(start.get("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(start.get("content")).isEmpty();
        assertThat(start.get("stop_reason").isNull()).isTrue();
        assertThat(start.at("/usage/output_tokens").asInt()).isEqualTo(1);
        assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(4 + 3 + 4);
        assertThat(json(events.get(1).data()).get("content_block"))
                .isEqualTo(json("{\"type\":\"text\",\"text\":\"\"}"));
        JsonNode delta = json(events.get(events.size() - 2).data());
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.at("/delta/stop_sequence").isNull()).isTrue();
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(24);
        assertThat(response.body()).doesNotContain("[DONE]");
        await().untilAsserted(() -> assertThat(simulator.stats().streamsCompleted()).isEqualTo(1));
        assertThat(simulator.stats().streamsStarted()).isEqualTo(1);
        assertThat(simulator.stats().streamsCancelled()).isZero();
    }

    @Test
    void stream_concatenatedDeltas_equalNonStreamingText() throws Exception {
        String streamed = deltaText(SseEvent.parse(post("/v1/messages", body("Same text", 1024, true)).body()));
        String whole = json(post("/v1/messages", body("Same text", 1024, false))).at("/content/0/text").asText();

        assertThat(streamed).isEqualTo(whole).isNotBlank();
    }

    @Test
    void stream_maxTokensBelowResponseTokens_stopsWithMaxTokens() throws Exception {
        List<SseEvent> events = SseEvent.parse(post("/v1/messages", body("Short", 3, true)).body());

        assertThat(events).filteredOn(e -> e.event().equals("content_block_delta")).hasSize(3);
        JsonNode delta = json(events.get(events.size() - 2).data());
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void stream_clientClosesMidStream_countsCancelled() throws Exception {
        restart(options().withTokensPerSecond(5));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("Slow", 1024, true), true)) {
            await().until(() -> raw.events().size() >= 4);
        }

        await().untilAsserted(() -> assertThat(simulator.stats().streamsCancelled()).isEqualTo(1));
        assertThat(simulator.stats().streamsCompleted()).isZero();
    }

    @Test
    void stream_paced_firstDeltaWaitsForTimeToFirstTokenThenOnePerInterval() throws Exception {
        restart(options()
                .withTimeToFirstToken(Duration.ofMillis(200)).withTokensPerSecond(50).withResponseTokens(6));

        long started = System.nanoTime();
        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("Paced", 1024, true), true)) {
            await().until(() -> raw.events().size() >= 3);
            if (elapsedMs(started) < 150) { // the preamble is out, the first token is not due yet
                assertThat(raw.events()).extracting(SseEvent::event).doesNotContain("content_block_delta");
            }
            await().until(raw::complete);
        }

        // first delta at 200 ms, five more 20 ms apart
        assertThat(elapsedMs(started)).isGreaterThanOrEqualTo(290);
    }

    @Test
    void stream_readerStopsReading_streamWaitsForDrain() throws Exception {
        int tokens = 300_000; // ~30 MB of events: more than the socket buffers hold
        restart(options().withResponseTokens(tokens));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("Flood", tokens, true), false)) {
            await().until(() -> simulator.stats().streamsStarted() == 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> simulator.stats().streamsCompleted() == 0);

            raw.startReading();

            await().atMost(Duration.ofSeconds(30)).until(raw::complete);
            List<SseEvent> events = raw.events();
            assertThat(events).hasSize(tokens + 6);
            assertThat(events.getLast().event()).isEqualTo("message_stop");
        }
        assertThat(simulator.stats().streamsCompleted()).isEqualTo(1);
    }

    static String deltaText(List<SseEvent> events) throws Exception {
        StringBuilder text = new StringBuilder();
        for (SseEvent event : events) {
            if ("content_block_delta".equals(event.event())) {
                JsonNode delta = json(event.data()).get("delta");
                assertThat(delta.get("type").asText()).isEqualTo("text_delta");
                text.append(delta.get("text").asText());
            }
        }
        return text.toString();
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
