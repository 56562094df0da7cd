package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.switchyard.core.config.Timeouts;
import dev.switchyard.simulator.Fault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams pass through as they arrive; stalls and disconnects end cleanly on both sides. */
class StreamingTest {
    private static final String STREAM_BODY = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":500,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story\"}]}";

    private Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void clientDisconnect_midStream_cancelsTheUpstreamWithinOneSecond() throws Exception {
        harness = new Harness().deployment("a", ResilienceTest.slowStream(), "claude-sonnet-4-6").start();

        readFirstDeltaAndLeave(harness);

        await().atMost(Duration.ofSeconds(1)).until(() -> harness.sim("a").stats().streamsCancelled() == 1);
        assertThat(harness.sim("a").stats().streamsCompleted()).isZero();
    }

    @Test
    void stalledUpstream_afterFirstEvents_endsTheStreamWithAnErrorEvent() throws Exception {
        harness = new Harness().timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(400)))
                .deployment("a", ResilienceTest.slowStream(), "claude-sonnet-4-6").start();
        harness.sim("a").setFault(Fault.stallAfter(4));

        String body;
        try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
            socket.setSoTimeout(5000);
            send(socket, STREAM_BODY);
            body = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(body).startsWith("HTTP/1.1 200").contains("event: message_start").contains("event: error")
                .contains("\"type\":\"timeout_error\"").doesNotContain("event: message_stop");
        await().atMost(Duration.ofSeconds(1)).until(() -> harness.sim("a").stats().streamsCancelled() == 1);
    }

    @Test
    void stalledUpstream_sdkClient_raisesInsteadOfHanging() {
        harness = new Harness().timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(400)))
                .deployment("a", ResilienceTest.slowStream(), "claude-sonnet-4-6").start();
        harness.sim("a").setFault(Fault.stallAfter(5));
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey(Harness.CLIENT_KEY)
                .maxRetries(0).build();

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams
                    .builder().model("claude-sonnet-4-6").maxTokens(500).addUserMessage("story").build())) {
                s.stream().forEach(e -> { });
            }
        }).hasMessageContaining("timeout_error");
    }

    @Test
    void stream_manyEvents_arriveInOrderAndBeforeTheStreamEnds() throws Exception {
        harness = new Harness().deployment("a", ResilienceTest.slowStream().withResponseTokens(10), "claude-sonnet-4-6")
                .start();

        try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
            socket.setSoTimeout(5000);
            send(socket, STREAM_BODY);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("event: content_block_delta")) {
                // skip to the first delta
            }
            // 20 tokens/s: the first delta arrives while the upstream still has ~0.45 s of stream to send,
            // so seeing it now proves the gateway does not buffer the whole response.
            assertThat(harness.sim("a").stats().streamsCompleted()).isZero();
            StringBuilder rest = new StringBuilder();
            while ((line = in.readLine()) != null && !line.equals("event: message_stop")) {
                rest.append(line).append('\n');
            }
            assertThat(line).isEqualTo("event: message_stop");
            assertThat(rest.toString()).contains("event: content_block_stop").contains("event: message_delta");
        }
    }

    @Test
    void streamMetrics_afterAStream_countTokensTimesAndCostByModelAndDeployment() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6").start();

        RawHttp.post(harness.baseUrl(), "/v1/messages", STREAM_BODY);

        String metrics = RawHttp.get(harness.baseUrl(), "/metrics").body();
        assertThat(metrics).containsPattern("switchyard_tokens_total\\{direction=\"output\",model=\"claude-sonnet-4-6\"} [1-9]")
                .containsPattern("switchyard_tokens_total\\{direction=\"input\",model=\"claude-sonnet-4-6\"} [1-9]")
                .contains("switchyard_time_to_first_token_seconds_count{deployment=\"a\",model=\"claude-sonnet-4-6\"} 1")
                .contains("switchyard_stream_duration_seconds_count{deployment=\"a\",model=\"claude-sonnet-4-6\"} 1")
                .contains("switchyard_in_flight_streams{deployment=\"a\",model=\"claude-sonnet-4-6\"} 0")
                .contains("switchyard_stream_output_tokens_per_second_count{deployment=\"a\",model=\"claude-sonnet-4-6\"} 1")
                .containsPattern("switchyard_cost_usd_total\\{model=\"claude-sonnet-4-6\"} [0-9.E-]*[1-9]");
    }

    /**
     * Asks the gateway for a long stream (deployment "a"), reads it up to its first delta (so it was
     * streaming, nothing cancelled yet), then closes the connection.
     */
    static void readFirstDeltaAndLeave(Harness harness) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
            send(socket, STREAM_BODY);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("event: content_block_delta")) {
                // read up to the first delta
            }
            assertThat(line).isEqualTo("event: content_block_delta");
            assertThat(harness.sim("a").stats().streamsCancelled()).isZero();
        }
    }

    private static void send(Socket socket, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + Harness.CLIENT_KEY
                + "\r\nanthropic-version: 2023-06-01\r\ncontent-type: application/json\r\nconnection: close\r\n"
                + "content-length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }
}
