package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shutdown drains: readiness goes false, new connections are refused, streams in flight finish. */
class ShutdownTest {
    private Harness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shutdown_withStreamInFlight_refusesNewConnectionsAndLetsTheStreamFinish() throws Exception {
        harness = new Harness().deployment("a", ResilienceTest.slowStream().withResponseTokens(20), "claude-sonnet-4-6")
                .start();
        int port = harness.gateway.port();
        StringBuilder received = new StringBuilder();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request().getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("event: content_block_delta")) {
                received.append(line).append('\n');
            }

            CompletableFuture<Void> drained = harness.gateway.shutdown().toCompletionStage().toCompletableFuture();

            assertThat(harness.gateway.ready()).isFalse();
            // The listening sockets close on their event loops, a moment after shutdown() returns.
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class));
            assertThat(drained).isNotDone();
            while ((line = in.readLine()) != null) {
                received.append(line).append('\n');
            }
            drained.get(5, TimeUnit.SECONDS);
        }

        assertThat(received.toString()).contains("event: message_stop");
        assertThat(harness.sim("a").stats().streamsCompleted()).isEqualTo(1);
    }

    private static String request() {
        String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":500,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return "POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: " + Harness.CLIENT_KEY
                + "\r\nanthropic-version: 2023-06-01\r\ncontent-type: application/json\r\ncontent-length: "
                + body.length() + "\r\n\r\n" + body;
    }

}
