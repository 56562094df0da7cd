package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.simulator.Fault;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * count_tokens is free but not unlimited: it counts against the key's (and tenant's) request rate and
 * concurrency, never its token rate or budget; and its upstream failures do not open the breakers or
 * start the retry-after cool-downs that Messages requests depend on.
 */
class CountTokensAdmissionTest {
    private static final String MODEL = "claude-sonnet-4-6";
    private static final String COUNT = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void countTokens_keyWithRpm1_secondWithinTheMinute429WithRateLimitShapeAndHeaders() {
        fx = new AuthFixture();
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir)).start();
        String key = fx.createKey(h.baseUrl(), "{\"limits\":{\"requests_per_minute\":1}}").path("key").asText();

        HttpResponse<String> first = count(key);
        HttpResponse<String> second = count(key);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"input_tokens\"");
        assertThat(header(first, "anthropic-ratelimit-requests-limit")).isEqualTo("1");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(second.body()).startsWith("{\"type\":\"error\"").contains("\"rate_limit_error\"");
        assertThat(Long.parseLong(header(second, "retry-after"))).isBetween(1L, 60L);
        assertThat(header(second, "anthropic-ratelimit-requests-remaining")).isEqualTo("0");
        assertThat(messages(key).statusCode()).as("one request rate for both").isEqualTo(429);
    }

    @Test
    void countTokens_tinyTokenRateAndSpentBudget_notLimitedByEither() {
        fx = new AuthFixture();
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir)).start();
        String key = fx.createKey(h.baseUrl(),
                "{\"limits\":{\"tokens_per_minute\":1,\"daily_budget_usd\":0.000001}}").path("key").asText();
        String big = COUNT.replace("Hi", "word ".repeat(2000));

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = RawHttp.post(h.baseUrl(), "/v1/messages/count_tokens",
                    HttpRequest.BodyPublishers.ofString(big), key);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void countTokens_upstreamAnswering529Repeatedly_messagesBreakerStaysClosedAndMessagesSucceed() {
        h = new Harness().breaker(5, Duration.ofSeconds(60)).deployment("d1", MODEL).start();
        h.sim("d1").setFault(Fault.status(529));
        for (int i = 0; i < 10; i++) {
            assertThat(count(Harness.CLIENT_KEY).statusCode()).isGreaterThanOrEqualTo(500);
        }
        long faults = h.sim("d1").stats().faultsInjected();
        h.sim("d1").clearFault();

        assertThat(faults).as("enough failures to open a breaker").isGreaterThanOrEqualTo(5);
        assertThat(h.gateway.upstream().breakerState("d1")).isEqualTo("CLOSED");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = messages(Harness.CLIENT_KEY);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void countTokens_upstream429WithLongRetryAfter_messagesNotHeldBackByItsCoolDown() {
        h = new Harness().deployment("d1", MODEL).start();
        h.sim("d1").setFault(Fault.status(429, Duration.ofSeconds(30)));
        assertThat(count(Harness.CLIENT_KEY).statusCode()).isEqualTo(429);
        assertThat(h.sim("d1").stats().faultsInjected()).isPositive();
        h.sim("d1").clearFault();

        HttpResponse<String> r = messages(Harness.CLIENT_KEY);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> count(String key) {
        return RawHttp.post(h.baseUrl(), "/v1/messages/count_tokens", HttpRequest.BodyPublishers.ofString(COUNT), key);
    }

    private HttpResponse<String> messages(String key) {
        return RawHttp.post(h.baseUrl(), "/v1/messages", HttpRequest.BodyPublishers.ofString(RawHttp.message(MODEL)),
                key);
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header in "
                + r.headers().map()));
    }
}
