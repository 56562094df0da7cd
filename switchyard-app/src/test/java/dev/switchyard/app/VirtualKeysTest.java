package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Virtual keys end to end: the admin API, the official SDK as the client, PostgreSQL and Redis on the machine. */
class VirtualKeysTest {
    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        h = new Harness().deployment("d1", "claude-sonnet-4-6", "claude-haiku-4-5").auth(fx.config(1, dir)).start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    private AnthropicClient sdk(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(h.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    private static MessageCreateParams ask(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(32).addUserMessage("Hello, Switchyard").build();
    }

    @Test
    void keyLifecycle_createUseUpdateRevoke_eachStepTakesEffect() {
        JsonNode created = fx.createKey(h.baseUrl(), "{\"name\":\"app\",\"allowed_models\":[\"claude-sonnet-4-6\"]}");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        assertThat(key).startsWith("sk-sy-").hasSizeGreaterThan(40);
        assertThat(key).startsWith(created.path("display_prefix").asText().replace("…", ""));

        Message m = sdk(key).messages().create(ask("claude-sonnet-4-6"));
        assertThat(m.content()).isNotEmpty();
        assertThatThrownBy(() -> sdk(key).messages().create(ask("claude-haiku-4-5")))
                .isInstanceOf(PermissionDeniedException.class);

        fx.admin(h.baseUrl(), "PATCH", "/admin/keys/" + id,
                "{\"allowed_models\":[\"claude-sonnet-4-6\",\"claude-haiku-4-5\"]}", 200);
        assertThat(sdk(key).messages().create(ask("claude-haiku-4-5")).content()).isNotEmpty();

        JsonNode shown = fx.admin(h.baseUrl(), "GET", "/admin/keys/" + id, null, 200);
        assertThat(shown.has("key")).as("the secret is shown at creation only").isFalse();
        assertThat(fx.admin(h.baseUrl(), "GET", "/admin/keys", null, 200).toString()).doesNotContain(key);

        JsonNode revoked = fx.admin(h.baseUrl(), "DELETE", "/admin/keys/" + id, null, 200);
        assertThat(revoked.path("revoked_at").isNull()).isFalse();
        assertThatThrownBy(() -> sdk(key).messages().create(ask("claude-sonnet-4-6")))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void adminApi_clientKeyOrNoKey_refusedWith401() {
        String key = fx.createKey(h.baseUrl(), "{}").path("key").asText();
        for (String credential : new String[] {key, Harness.CLIENT_KEY, "nonsense"}) {
            HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(java.net.URI.create(h.baseUrl()
                    + "/admin/keys")).header("x-api-key", credential).GET().build());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("\"authentication_error\"");
        }
    }

    @Test
    void adminApi_badInput_400NamingTheField() {
        JsonNode e = fx.admin(h.baseUrl(), "POST", "/admin/keys", "{\"limits\":{\"requests_per_minute\":-5}}", 400);
        assertThat(e.path("error").path("message").asText()).contains("limits.requests_per_minute");
        e = fx.admin(h.baseUrl(), "POST", "/admin/keys", "{\"tenant_id\":\"nobody\"}", 400);
        assertThat(e.path("error").path("message").asText()).contains("nobody");
        e = fx.admin(h.baseUrl(), "POST", "/admin/keys", "{\"expires_at\":\"tomorrow\"}", 400);
        assertThat(e.path("error").path("message").asText()).contains("expires_at");
        fx.admin(h.baseUrl(), "GET", "/admin/keys/key_missing", null, 404);
    }

    @Test
    void rateLimitHeaders_everyResponse_carryTheKeysLimitsAndA429CarriesRetryAfter() {
        String key = fx.createKey(h.baseUrl(), "{\"limits\":{\"requests_per_minute\":2,\"tokens_per_minute\":100000}}")
                .path("key").asText();
        HttpResponse<String> first = post(key, "claude-sonnet-4-6");
        HttpResponse<String> second = post(key, "claude-sonnet-4-6");
        HttpResponse<String> third = post(key, "claude-sonnet-4-6");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(header(first, "anthropic-ratelimit-requests-limit")).isEqualTo("2");
        assertThat(Long.parseLong(header(second, "anthropic-ratelimit-requests-remaining")))
                .isLessThan(Long.parseLong(header(first, "anthropic-ratelimit-requests-remaining")));
        assertThat(Instant.parse(header(first, "anthropic-ratelimit-requests-reset"))).isAfter(Instant.now()
                .minusSeconds(5));
        assertThat(header(first, "anthropic-ratelimit-tokens-limit")).isEqualTo("100000");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("\"rate_limit_error\"");
        assertThat(Long.parseLong(header(third, "retry-after"))).isBetween(1L, 60L);
        assertThat(header(third, "anthropic-ratelimit-requests-remaining")).isEqualTo("0");
    }

    @Test
    void expiredKey_clockPassesExpiry_refusedAtOnce() {
        Instant expiry = h.clock.instant().plusSeconds(60);
        String key = fx.createKey(h.baseUrl(), "{\"expires_at\":\"" + expiry + "\"}").path("key").asText();
        assertThat(post(key, "claude-sonnet-4-6").statusCode()).isEqualTo(200);

        h.clock.advance(Duration.ofSeconds(61));

        HttpResponse<String> r = post(key, "claude-sonnet-4-6");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("expired");
    }

    @Test
    void dailyBudget_spent_402BillingErrorAndSpendWithinOneWorstCase() throws Exception {
        // Sonnet output is 15 USD per million tokens: max_tokens 32 costs at most 480 micro-USD of output.
        String key = fx.createKey(h.baseUrl(), "{\"limits\":{\"daily_budget_usd\":0.003}}").path("key").asText();
        int ok = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            HttpResponse<String> r = post(key, "claude-sonnet-4-6");
            if (r.statusCode() == 200) {
                ok++;
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("the budget runs out").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(402);
        assertThat(refused.body()).contains("\"billing_error\"");
        assertThat(ok).isPositive();
        long worstCase = 120 * 5 + 32 * 15;
        awaitRecords(ok);
        assertThat(fx.count("SELECT COALESCE(SUM(cost_micros), 0) FROM usage_records WHERE status = 200"))
                .isLessThanOrEqualTo(3000 + worstCase);
    }

    @Test
    void usageLedger_eachRequest_oneRecordWithTokensCostAndStatus() throws Exception {
        JsonNode created = fx.createKey(h.baseUrl(), "{\"user_id\":\"u-1\"}");
        String key = created.path("key").asText();
        assertThat(post(key, "claude-sonnet-4-6").statusCode()).isEqualTo(200);
        assertThat(post(key, "claude-haiku-4-5").statusCode()).isEqualTo(200);
        assertThat(post(key, "claude-unknown-model").statusCode()).isEqualTo(404);

        awaitRecords(3);
        assertThat(fx.count("SELECT COUNT(*) FROM usage_records WHERE key_id = '" + created.path("id").asText()
                + "' AND tenant_id = 'default' AND user_id = 'u-1'")).isEqualTo(3);
        assertThat(fx.count("SELECT COUNT(*) FROM usage_records WHERE status = 200 AND input_tokens > 0"
                + " AND output_tokens > 0 AND cost_micros > 0 AND deployment = 'd1'")).isEqualTo(2);
        assertThat(fx.count("SELECT COUNT(*) FROM usage_records WHERE status = 404")).isEqualTo(1);

        JsonNode report = fx.admin(h.baseUrl(), "GET", "/admin/usage?group_by=model&key_id="
                + created.path("id").asText(), null, 200);
        assertThat(report.path("data")).hasSize(3);
        assertThat(report.toString()).contains("claude-haiku-4-5").contains("claude-sonnet-4-6");
    }

    @Test
    void credentials_injectionPrefixesAndOversize_all401AndTheStoreIntact() {
        String key = fx.createKey(h.baseUrl(), "{}").path("key").asText();
        List<String> attempts = List.of("' OR '1'='1", "x'; DROP TABLE api_keys; --", "\" OR 1=1 --",
                key.substring(0, key.length() - 1), key + "A", key.substring(0, 10), key.toUpperCase(),
                dev.switchyard.auth.keys.KeySecrets.hash(key), dev.switchyard.auth.keys.KeySecrets.displayPrefix(key).replace("…", ""),
                "sk-sy-" + "A".repeat(4000), "%00" + key, "Bearer " + key);
        for (String attempt : attempts) {
            HttpResponse<String> r = post(attempt, "claude-sonnet-4-6");
            assertThat(r.statusCode()).as(attempt.length() > 60 ? attempt.substring(0, 60) : attempt).isEqualTo(401);
            assertThat(r.body()).contains("\"authentication_error\"");
        }
        assertThat(post(key, "claude-sonnet-4-6").statusCode()).isEqualTo(200);
    }

    @Test
    void keyMaterial_neverInLogsMetricsOrStoredRows() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        try {
            JsonNode created = fx.createKey(h.baseUrl(), "{\"name\":\"secret-check\"}");
            String key = created.path("key").asText();
            post(key, "claude-sonnet-4-6");
            post(key + "x", "claude-sonnet-4-6");
            fx.admin(h.baseUrl(), "DELETE", "/admin/keys/" + created.path("id").asText(), null, 200);
            post(key, "claude-sonnet-4-6");
            awaitRecords(1); // the one accepted request; refused credentials write no record

            List<String> texts = new ArrayList<>();
            logs.list.forEach(e -> texts.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : e.getThrowableProxy().getMessage())));
            texts.add(RawHttp.get(h.baseUrl(), "/metrics").body());
            texts.add(fx.dump("api_keys"));
            texts.add(fx.dump("usage_records"));
            texts.add(fx.dump("admin_keys"));
            Pattern secret = Pattern.compile("sk-sy-[A-Za-z0-9_-]{20,}");
            assertThat(logs.list).as("the run did log").isNotEmpty();
            for (String text : texts) {
                assertThat(text).doesNotContain(key).doesNotContain(fx.adminKey)
                        .doesNotContain(Harness.CLIENT_KEY).doesNotContain(Harness.UPSTREAM_KEY);
                assertThat(secret.matcher(text).find()).as(text.length() > 300 ? text.substring(0, 300) : text)
                        .isFalse();
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
    }

    private void awaitRecords(long n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fx.count("SELECT COUNT(*) FROM usage_records") >= n);
    }

    private HttpResponse<String> post(String key, String model) {
        return RawHttp.post(h.baseUrl(), "/v1/messages", HttpRequest.BodyPublishers.ofString(RawHttp.message(model)),
                key);
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header in "
                + r.headers().map()));
    }
}
