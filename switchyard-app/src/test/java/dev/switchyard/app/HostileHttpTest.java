package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile client at the HTTP level (issue 9), against the quick start in its own process: broken framing, oversize and malformed heads,
 * absurd lengths, unknown methods. Each gets a 4xx with Anthropic's error body, framing errors close
 * the connection (nothing after them is read as a request), and the gateway stays healthy.
 * Bad JSON bodies, oversize bodies and wrong routes are {@link BadInputTest}'s.
 */
class HostileHttpTest {
    private static final String BODY = RawHttp.message("claude-sonnet-4-6");
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    /** The quick start (`switchyard run`) as its own process: what the review attacked. */
    private static QuickStartProcess gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = QuickStartProcess.start(dir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        assertThat(gateway.alive()).as("the gateway process survived every case").isTrue();
        gateway.close();
    }

    private static String post(String... headers) {
        return RawSocket.head("POST", "/v1/messages", headers);
    }

    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    /** A second, valid request right behind the bad one: smuggled if the gateway answers it. */
    private static final String SMUGGLED = RawSocket.head("GET", "/v1/models");

    static Stream<Arguments> framing() {
        return Stream.of(
                Arguments.of("content-length and chunked",
                        post("content-length: " + BODY.length(), "transfer-encoding: chunked") + chunked(BODY)),
                Arguments.of("chunked then identity",
                        post("transfer-encoding: chunked, identity") + chunked(BODY)),
                Arguments.of("identity only", post("transfer-encoding: identity", "content-length: " + BODY.length())
                        + BODY),
                Arguments.of("two transfer-encoding headers",
                        post("transfer-encoding: chunked", "transfer-encoding: chunked") + chunked(BODY)),
                Arguments.of("chunked in capitals with a tab", post("Transfer-Encoding:\tCHUNKED , gzip") + chunked(BODY)),
                Arguments.of("content-length and chunked over HTTP/1.0",
                        post("content-length: " + BODY.length(), "transfer-encoding: chunked")
                                .replace("HTTP/1.1", "HTTP/1.0") + chunked(BODY)),
                Arguments.of("obs-folded header (space)",
                        post("x-note: one", " two", "content-length: " + BODY.length()) + BODY),
                Arguments.of("obs-folded header (tab)",
                        post("content-length: " + BODY.length(), "x-note: one", "\ttwo") + BODY),
                Arguments.of("obs-folded content-length",
                        post("content-length:", " " + BODY.length()) + BODY),
                Arguments.of("two different content-lengths",
                        post("content-length: " + BODY.length(), "content-length: 5") + BODY),
                Arguments.of("two equal content-lengths",
                        post("content-length: " + BODY.length(), "content-length: " + BODY.length()) + BODY),
                Arguments.of("negative content-length", post("content-length: -1") + BODY),
                Arguments.of("content-length not a number", post("content-length: 12abc") + BODY),
                Arguments.of("absurd content-length", post("content-length: 99999999999999999999") + BODY),
                Arguments.of("bad chunk size", post("transfer-encoding: chunked") + "zz\r\n" + BODY + "\r\n0\r\n\r\n"),
                Arguments.of("chunk size overflow",
                        post("transfer-encoding: chunked") + "fffffffffffffffffff\r\n" + BODY + "\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void framing_eachAmbiguousForm_is400InAnthropicShapeAndCloses(String name, String request) throws Exception {
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(request + SMUGGLED);

            RawSocket.Response r = s.read();

            assertThat(r.status()).as("%s: %s", name, r.body()).isEqualTo(400);
            assertThat(r.errorType()).isEqualTo("invalid_request_error");
            assertThat(s.closedWithin(WAIT)).as("closed after %s, the request behind it unread", name).isTrue();
        }
        assertHealthy();
    }

    @Test
    void oversizeHeader_is431InAnthropicShape() throws Exception {
        assertRefused(post("x-padding: " + "p".repeat(16 * 1024)), 431, "invalid_request_error");
    }

    @Test
    void tooManyHeaders_is431InAnthropicShape() throws Exception {
        String[] many = new String[3_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = "x-h" + i + ": v";
        }
        assertRefused(post(many), 431, "invalid_request_error");
    }

    @Test
    void oversizeRequestLine_is414InAnthropicShape() throws Exception {
        assertRefused(RawSocket.head("GET", "/v1/models?x=" + "a".repeat(20_000)), 414, "invalid_request_error");
    }

    @Test
    void controlBytesInHeaderValue_is400InAnthropicShape() throws Exception {
        assertRefused(post("x-note: a\u0001b\u0000c", "content-length: " + BODY.length()) + BODY, 400,
                "invalid_request_error");
    }

    @Test
    void bareCarriageReturnInHeaderValue_is400InAnthropicShape() throws Exception {
        assertRefused(post("x-note: a\rb", "content-length: " + BODY.length()) + BODY, 400, "invalid_request_error");
    }

    @Test
    void invalidUtf8InKeyHeader_is401InAnthropicShape() throws Exception {
        String head = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nanthropic-version: 2023-06-01\r\nx-api-key: sk-\u00c3\u0028\u00ff\r\n"
                + "content-type: application/json\r\ncontent-length: " + BODY.length() + "\r\n\r\n";
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(head.getBytes(StandardCharsets.ISO_8859_1)).send(BODY);
            RawSocket.Response r = s.read();

            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorType()).isEqualTo("authentication_error");
        }
        assertHealthy();
    }

    @Test
    void invalidUtf8InOtherHeader_isServed() throws Exception {
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(post("x-note: \u00c3\u0028\u00ff\u00fe", "content-length: " + BODY.length()) + BODY);

            assertThat(s.read().status()).isEqualTo(200);
        }
    }

    @Test
    void oversizeContentLength_is413InAnthropicShape() throws Exception {
        assertRefused(post("content-length: 1000000000000") + BODY, 413, "request_too_large");
    }

    @Test
    void unknownMethod_is400InAnthropicShape() throws Exception {
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(RawSocket.head("FOO", "/v1/messages", "content-length: " + BODY.length()) + BODY);
            RawSocket.Response r = s.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorType()).isEqualTo("invalid_request_error");
        }
        assertHealthy();
    }

    @Test
    void garbageRequestLine_is400InAnthropicShape() throws Exception {
        assertRefused("\u0001\u0002 not http at all\r\n\r\n", 400, "invalid_request_error");
    }

    @Test
    void pipelinedValidRequests_bothServedInOrder() throws Exception {
        // The strict decoder must keep finding request boundaries on a kept-alive connection.
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(post("content-length: " + BODY.length()) + BODY + post("transfer-encoding: chunked") + chunked(BODY)
                    + RawSocket.head("GET", "/health"));

            assertThat(s.read().status()).isEqualTo(200);
            assertThat(s.read().status()).isEqualTo(200);
            assertThat(s.read().body()).contains("ok");
        }
    }

    @Test
    void modelsList_malformedPercentEscapeInQuery_is400NotA500() throws Exception {
        assertRefused(RawSocket.head("GET", "/v1/models?limit=%zz"), 400, "invalid_request_error");
    }

    @Test
    void unknownRoute_hugePath_isNotEchoedBackWhole() throws Exception {
        String path = "/v1/" + "x".repeat(4000);
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(RawSocket.head("GET", path));
            RawSocket.Response r = s.read();

            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errorType()).isEqualTo("not_found_error");
            assertThat(r.body()).hasSizeLessThan(400);
        }
        assertHealthy();
    }

    @Test
    void h2cUpgrade_isServedAsHttp11_soTheGuardsStayInFront() throws Exception {
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(RawSocket.head("GET", "/health", "connection: Upgrade, HTTP2-Settings", "upgrade: h2c",
                    "http2-settings: AAMAAABkAARAAAAAAAIAAAAA"));
            RawSocket.Response r = s.read();

            assertThat(r.status()).as("no 101 Switching Protocols").isEqualTo(200);
        }
    }

    private static void assertRefused(String request, int status, String type) throws Exception {
        try (RawSocket s = new RawSocket(gateway.port())) {
            s.send(request);
            RawSocket.Response r = s.read();

            assertThat(r.status()).as(r.body()).isEqualTo(status);
            assertThat(r.errorType()).isEqualTo(type);
        }
        assertHealthy();
    }

    private static void assertHealthy() {
        assertThat(RawHttp.get(gateway.baseUrl(), "/health").statusCode()).isEqualTo(200);
    }
}
