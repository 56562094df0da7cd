package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.config.Timeouts;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow and silent clients are cut off (defect 4 of issue 9): header, body and keep-alive timeouts, a
 * cap on connections per client address; slow answers in flight are not, and a stalled upstream body
 * is.
 */
class ClientTimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(800);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MESSAGE = RawHttp.message("claude-sonnet-4-6");

    private Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private Harness start(ServerConfig server, SimulatorOptions sim) {
        harness = new Harness().server(server).deployment("a", sim, "claude-sonnet-4-6").start();
        return harness;
    }

    private static ServerConfig server() {
        return ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withClientTimeouts(SHORT, SHORT, SHORT);
    }

    private static SimulatorOptions fast() {
        return SimulatorOptions.defaults().withTimeToFirstToken(Duration.ofMillis(5)).withTokensPerSecond(0)
                .withEventLoops(1);
    }

    @Test
    void bodyTrickle_pastBodyTimeout_gets408InAnthropicShapeAndIsClosed() throws Exception {
        start(server(), fast());
        try (RawSocket s = new RawSocket(harness.gateway.port())) {
            s.send(RawSocket.head("POST", "/v1/messages", "content-length: 100")).send("{");

            RawSocket.Response r = s.read();

            assertThat(r.status()).isEqualTo(408);
            assertThat(r.errorType()).isEqualTo("timeout_error");
            assertThat(r.headers()).containsEntry("connection", "close");
            assertThat(s.closedWithin(WAIT)).isTrue();
        }
        assertThat(RawHttp.post(harness.baseUrl(), "/v1/messages", MESSAGE).statusCode()).isEqualTo(200);
    }

    @Test
    void silentConnection_pastHeaderTimeout_isClosed() throws Exception {
        start(server(), fast());
        try (RawSocket s = new RawSocket(harness.gateway.port())) {
            assertThat(s.closedWithin(WAIT)).isTrue();
        }
    }

    @Test
    void partialHead_pastHeaderTimeout_isClosed() throws Exception {
        start(server().withClientTimeouts(SHORT, SHORT, Duration.ofMinutes(5)), fast());
        try (RawSocket s = new RawSocket(harness.gateway.port())) {
            s.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long start = System.nanoTime();
            for (int i = 0; i < 40 && !s.socket.isClosed(); i++) {
                if (s.closedWithin(Duration.ofMillis(250))) {
                    break;
                }
                s.send("x-trickle-" + i + ": y\r\n");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        }
    }

    @Test
    void idleKeepAlive_pastKeepAliveTimeout_isClosed() throws Exception {
        start(server(), fast());
        try (RawSocket s = new RawSocket(harness.gateway.port())) {
            s.send(RawSocket.head("GET", "/health"));
            assertThat(s.read().status()).isEqualTo(200);

            assertThat(s.closedWithin(WAIT)).isTrue();
        }
    }

    @Test
    void keepAlive_requestsWithinTimeout_shareOneConnection() throws Exception {
        start(server().withClientTimeouts(SHORT, SHORT, Duration.ofSeconds(5)), fast());
        try (RawSocket s = new RawSocket(harness.gateway.port())) {
            for (int i = 0; i < 3; i++) {
                s.send(RawSocket.head("GET", "/health"));
                assertThat(s.read().status()).isEqualTo(200);
                Thread.sleep(SHORT.toMillis() + 200); // longer than the header timeout: it starts with the next head
            }
        }
    }

    @Test
    void connectionsPerIp_overTheCap_refusedWith429InAnthropicShape() throws Exception {
        start(server().withClientTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30))
                .withMaxConnectionsPerIp(3), fast());
        List<RawSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawSocket s = new RawSocket(harness.gateway.port());
                held.add(s);
                s.send(RawSocket.head("GET", "/health"));
                assertThat(s.read().status()).isEqualTo(200);
            }
            try (RawSocket fourth = new RawSocket(harness.gateway.port())) {
                fourth.send(RawSocket.head("GET", "/health"));
                RawSocket.Response r = fourth.read();

                assertThat(r.status()).isEqualTo(429);
                assertThat(r.errorType()).isEqualTo("rate_limit_error");
                assertThat(fourth.closedWithin(WAIT)).isTrue();
            }
            try (RawSocket otherAddress = new RawSocket(harness.gateway.port(), InetAddress.getByName("127.0.0.2"))) {
                otherAddress.send(RawSocket.head("GET", "/health"));
                assertThat(otherAddress.read().status()).as("the cap is per address").isEqualTo(200);
            }
            held.remove(0).close();
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                try (RawSocket again = new RawSocket(harness.gateway.port())) {
                    again.send(RawSocket.head("GET", "/health"));
                    assertThat(again.read().status()).as("a closed connection frees its place").isEqualTo(200);
                }
            });
        } finally {
            for (RawSocket s : held) {
                s.close();
            }
        }
    }

    @Test
    void stream_longerThanEveryClientTimeout_finishes() throws Exception {
        // 40 tokens at 20/s: about 2 s of events, more than twice each client timeout.
        start(server(), SimulatorOptions.defaults().withTimeToFirstToken(Duration.ofMillis(5)).withTokensPerSecond(20)
                .withResponseTokens(40).withEventLoops(1));
        String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":500,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
        try (RawSocket s = new RawSocket(harness.gateway.port())) {
            s.send(RawSocket.head("POST", "/v1/messages", "content-length: " + body.length()) + body);

            RawSocket.Response r = s.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("event: message_stop");
        }
    }

    @Test
    void slowNonStreamingAnswer_longerThanEveryClientTimeout_finishes() throws Exception {
        start(server(), fast());
        harness.sim("a").setFault(Fault.latency(Duration.ofMillis(2_500)).times(1));

        try (RawSocket s = new RawSocket(harness.gateway.port())) {
            s.send(RawSocket.head("POST", "/v1/messages", "content-length: " + MESSAGE.length()) + MESSAGE);

            assertThat(s.read().status()).isEqualTo(200);
        }
    }

    @Test
    void upstreamBody_stalledAfterHeaders_endsWith504PastTheBodyDeadline() {
        Vertx upstream = Vertx.vertx();
        HttpServer stalling = Harness.await(upstream.createHttpServer().requestHandler(req -> req.body()
                .onSuccess(b -> req.response().putHeader("content-type", "application/json")
                        .putHeader("content-length", "1000").write("{\"id\":\"msg_1\",")))
                .listen(0, "127.0.0.1"));
        try {
            stalledBody(stalling.actualPort());
        } finally {
            Harness.await(upstream.close());
        }
    }

    @Test
    void countTokensBodyDeadline_passedMoreOftenThanTheBreakerThreshold_messagesBreakerStaysClosed() {
        Vertx upstream = Vertx.vertx();
        String reply = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                + "\"claude-sonnet-4-6\",\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":"
                + "{\"input_tokens\":1,\"output_tokens\":1}}";
        HttpServer countStalls = Harness.await(upstream.createHttpServer().requestHandler(req -> req.body()
                .onSuccess(b -> {
                    req.response().putHeader("content-type", "application/json");
                    if (req.path().endsWith("/count_tokens")) {
                        req.response().putHeader("content-length", "1000").write("{\"input_tokens\":");
                    } else {
                        req.response().end(reply);
                    }
                }))
                .listen(0, "127.0.0.1"));
        try {
            harness = new Harness().server(server().withClientTimeouts(SHORT, SHORT, Duration.ofMinutes(1)))
                    .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30),
                            Duration.ofMillis(300)))
                    .deployment("stall", "http://127.0.0.1:" + countStalls.actualPort(),
                            List.of("claude-sonnet-4-6"))
                    .start();
            for (int i = 0; i < 7; i++) {
                assertThat(RawHttp.post(harness.baseUrl(), "/v1/messages/count_tokens", MESSAGE).statusCode())
                        .isEqualTo(504);
            }

            var r = RawHttp.post(harness.baseUrl(), "/v1/messages", MESSAGE);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        } finally {
            Harness.await(upstream.close());
        }
    }

    private void stalledBody(int upstreamPort) {
        harness = new Harness().server(server().withClientTimeouts(SHORT, SHORT, Duration.ofMinutes(1)))
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30),
                        Duration.ofMillis(700)))
                .deployment("stall", "http://127.0.0.1:" + upstreamPort, List.of("claude-sonnet-4-6"))
                .start();

        long start = System.nanoTime();
        var r = RawHttp.post(harness.baseUrl(), "/v1/messages", MESSAGE);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
        assertThat(r.body()).contains("\"type\":\"timeout_error\"");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
    }
}
