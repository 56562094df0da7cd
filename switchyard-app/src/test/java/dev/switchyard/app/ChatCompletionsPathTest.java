package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.filter.PolicySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /v1/chat/completions runs the Messages path: virtual keys and their limits, the content filter and the
 * usage ledger (in PostgreSQL) apply to it as to /v1/messages. The OpenAI Java SDK is the client.
 */
class ChatCompletionsPathTest {
    private static final String MODEL = "claude-sonnet-4-6";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        PolicySpec pii = new PolicySpec("pii", List.of(), List.of(), Map.of("email", "redact"), List.of(), "US");
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir))
                .filters(new FiltersConfig("pii", Map.of("pii", pii), Map.of(), Map.of())).start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    private OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(h.baseUrl() + "/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static ChatCompletionCreateParams ask(String text) {
        return ChatCompletionCreateParams.builder().model(MODEL).maxCompletionTokens(40).addUserMessage(text)
                .user("end-user-7").build();
    }

    @Test
    void virtualKey_chatCompletion_isFilteredAndWritesAUsageRow() throws Exception {
        String key = fx.createKey(h.baseUrl(), "{\"name\":\"oa\"}").path("key").asText();

        ChatCompletion c = sdk(key).chat().completions().create(ask("Please mail jane.doe@example.com today"));

        assertThat(c.choices().get(0).message().content()).isPresent();
        assertThat(h.sim("d1").stats().lastBody()).contains("Please mail [EMAIL] today").doesNotContain("jane.doe")
                .contains("\"metadata\":{\"user_id\":\"end-user-7\"}");
        long prompt = c.usage().orElseThrow().promptTokens();
        long completion = c.usage().orElseThrow().completionTokens();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.count("SELECT COUNT(*) FROM usage_records WHERE "
                + "model_served = '" + MODEL + "' AND status = 200 AND input_tokens = " + prompt
                + " AND output_tokens = " + completion + " AND filter_actions = 'EMAIL:redact'") == 1);
    }

    @Test
    void virtualKey_overItsRequestsPerMinute_getsTheSdksRateLimitException() {
        String key = fx.createKey(h.baseUrl(), "{\"limits\":{\"requests_per_minute\":1}}").path("key").asText();
        OpenAIClient client = sdk(key);

        client.chat().completions().create(ask("first"));

        assertThatThrownBy(() -> client.chat().completions().create(ask("second")))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.headers().values("retry-after")).isNotEmpty());
    }
}
