package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile client's bodies and ids against the quick start in its own process (auth on the embedded
 * store, the built-in simulator behind a "*" deployment): each is refused with a 4xx in Anthropic's shape or handled, never a
 * 5xx, and the gateway stays healthy afterwards. Framing and timeouts are HostileHttpTest's.
 */
class HostileBodyTest {
    private static final String MODEL = "claude-sonnet-4-6";

    @TempDir
    static Path dir;
    /** The quick start (`switchyard run`) as its own process: what the review attacked. */
    private static QuickStartProcess h;
    private static String clientKey;

    @BeforeAll
    static void start() throws IOException {
        h = QuickStartProcess.start(dir);
        clientKey = h.createKey("{\"name\":\"hostile\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(h.alive()).as("the gateway process survived every case").isTrue();
        h.close();
    }

    @AfterEach
    void stillHealthy() {
        HttpResponse<String> health = RawHttp.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/health")).GET()
                .build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(post(RawHttp.message(MODEL)).statusCode()).as("still serving").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/keys/../tenants", "/admin/keys/%2e%2e/tenants", "/admin/keys/%2E%2E",
            "/admin/keys/..%2ftenants", "/admin/keys/..%2Ftenants", "/admin/keys/%2f%2f", "/admin/keys/..%5ctenants",
            "/admin/tenants/../keys", "/admin/tenants/%2e%2e%2fkeys", "/admin/../v1/messages", "/admin/%2e%2e/health",
            "/admin/keys/%00", "/v1/models/../../admin/keys", "/v1/models/..%2f..%2fadmin%2fkeys"})
    void adminPathTraversal_encodedOrNot_is404Or400InAnthropicShape(String path) throws IOException {
        String key = path.startsWith("/admin") ? h.adminKey() : clientKey;
        RawReply r = raw("GET " + path + " HTTP/1.1\r\nhost: localhost\r\nx-api-key: " + key
                + "\r\nconnection: close\r\n\r\n");

        assertThat(r.status()).as(path + " -> " + r.body()).isIn(400, 404);
        assertErrorShape(r.body(), r.status() == 404 ? "not_found_error" : "invalid_request_error");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"max_tokens\":1000000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"claude-nonexistent\",\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"hi\"}]}",
            "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"user_id\":\"a\",\"user_id\":\"b\"}}"})
    void duplicateKeys_anywhereInBody_is400InvalidRequest(String body) {
        HttpResponse<String> r = post(body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertErrorShape(r.body(), "invalid_request_error");
        assertThat(r.body()).contains("Duplicate field");
    }

    @Test
    void tenMegabyteString_withinBodyLimit_isServed() {
        String big = "x".repeat(10 * 1024 * 1024);
        String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"" + big
                + "\"}]}";

        List<CompletableFuture<Integer>> concurrent = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(body).statusCode())).toList();

        for (CompletableFuture<Integer> status : concurrent) {
            assertThat(status.join()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"max_tokens", "temperature", "metadata_number", "float_digits", "exponent_digits"})
    void tenThousandDigitNumber_inAnyField_is400NotA500(String where) {
        String digits = "9".repeat(10_000);
        String number = switch (where) {
            case "float_digits" -> "0." + digits;
            case "exponent_digits" -> "1e" + digits;
            default -> digits;
        };
        String field = switch (where) {
            case "max_tokens" -> "\"max_tokens\":" + number;
            case "temperature" -> "\"max_tokens\":5,\"temperature\":" + number;
            default -> "\"max_tokens\":5,\"metadata\":{\"n\":" + number + "}";
        };
        HttpResponse<String> r = post("{\"model\":\"" + MODEL + "\"," + field
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertErrorShape(r.body(), "invalid_request_error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{\"a\":", "[{\"a\":"})
    void deeplyNestedJson_hundredThousandLevels_is400NoStackOverflow(String opener) {
        String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[],\"x\":" + opener.repeat(100_000);

        HttpResponse<String> open = post(body);
        HttpResponse<String> closed = post(body + "1" + closers(opener).repeat(100_000) + "}");

        assertThat(open.statusCode()).as(open.body()).isEqualTo(400);
        assertErrorShape(open.body(), "invalid_request_error");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(400);
        assertErrorShape(closed.body(), "invalid_request_error");
    }

    private static String closers(String opener) {
        return switch (opener) {
            case "[" -> "]";
            case "{\"a\":" -> "}";
            default -> "}]";
        };
    }

    private static HttpResponse<String> post(String body) {
        return RawHttp.post(h.baseUrl(), "/v1/messages", HttpRequest.BodyPublishers.ofString(body), clientKey);
    }

    private record RawReply(int status, String body) {}

    /** Sends bytes as they are (no client-side path normalisation) and reads the reply until close. */
    private static RawReply raw(String request) throws IOException {
        URI base = URI.create(h.baseUrl());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyAt = text.indexOf("\r\n\r\n");
            return new RawReply(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4));
        }
    }

    private static void assertErrorShape(String body, String type) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        assertThat(n.path("type").asText()).as(body).isEqualTo("error");
        assertThat(n.path("error").path("type").asText()).as(body).isEqualTo(type);
        assertThat(n.path("error").path("message").asText()).isNotBlank();
    }
}
