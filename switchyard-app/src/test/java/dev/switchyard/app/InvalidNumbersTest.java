package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Numbers JSON allows but a double cannot hold (1e999 parses as Infinity) are a client error, not ours. */
class InvalidNumbersTest {
    private Harness h;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        CacheConfig l1Only = new CacheConfig(true, 16L << 20, Map.of(), List.of(), List.of(), 100,
                Duration.ofMillis(250), "sy-numbers:", new BreakerConfig(2, Duration.ofSeconds(30), 1), 10 * 1024);
        h = new Harness().deployment("d1", "claude-sonnet-4-6").cache(l1Only).start();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        h.close();
    }

    @Test
    void temperature1e999_withCachingOn_400InvalidRequestWithoutStackTraceOrErrorLog() throws Exception {
        for (String field : new String[] {"temperature", "top_p", "top_k"}) {
            String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":16,\"" + field + "\":1e999,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
            HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/messages"))
                    .header("x-api-key", Harness.CLIENT_KEY).header("anthropic-version", "2023-06-01")
                    .header("content-type", "application/json").header("x-switchyard-cache", "use")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonNode error = Json.mapper().readTree(r.body());
            assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("error").path("message").asText()).startsWith(field + ":");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
        assertThat(h.sim("d1").stats().requests()).isZero();
    }

    @Test
    void infinityInsideMessages_withCachingOn_neverA500() {
        String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"x\":-1e999}]}]}";
        HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/messages"))
                .header("x-api-key", Harness.CLIENT_KEY).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").header("x-switchyard-cache", "use")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
    }
}
