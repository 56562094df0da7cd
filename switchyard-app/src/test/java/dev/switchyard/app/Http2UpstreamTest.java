package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deployments reached over HTTP/2: many requests share a connection; cancels reset just their stream. */
class Http2UpstreamTest {
    private Harness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void concurrentRequests_overHttp2_allSucceedAndShareConnections() {
        harness = new Harness().http2(true).deployment("a", "claude-sonnet-4-6").start();

        List<CompletableFuture<Integer>> calls = IntStream.range(0, 50)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> RawHttp.post(harness.baseUrl(), "/v1/messages",
                        RawHttp.message("claude-sonnet-4-6")).statusCode()))
                .toList();

        assertThat(calls.stream().map(CompletableFuture::join)).containsOnly(200);
        assertThat(harness.sim("a").stats().messages()).isEqualTo(50);
        // Over HTTP/1.1 fifty concurrent requests would need up to fifty connections; each event loop's
        // HTTP/2 pool (one per loop, so a request never borrows another loop's connection) holds
        // max_concurrent / 100 = 10 of them here, and the gateway has a loop per core.
        long loops = Runtime.getRuntime().availableProcessors();
        assertThat(harness.sim("a").stats().connections()).isBetween(1L, Math.min(49L, 10L * loops));
    }

    @Test
    void stream_overHttp2_clientDisconnectResetsTheUpstreamStream() throws Exception {
        harness = new Harness().http2(true).deployment("a", ResilienceTest.slowStream(), "claude-sonnet-4-6").start();
        String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":500,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"story\"}]}";

        try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
            socket.getOutputStream().write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: " + Harness.CLIENT_KEY
                    + "\r\nanthropic-version: 2023-06-01\r\ncontent-type: application/json\r\ncontent-length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("event: content_block_delta")) {
                // up to the first delta
            }
            assertThat(line).isEqualTo("event: content_block_delta");
        }

        await().atMost(Duration.ofSeconds(1)).until(() -> harness.sim("a").stats().streamsCancelled() == 1);
        HttpResponse<String> after = RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));
        assertThat(after.statusCode()).as("the shared connection survives the reset").isEqualTo(200);
    }
}
