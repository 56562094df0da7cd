package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.SseException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.filter.PolicySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content filter end to end: the official SDK as the client, the simulator as the upstream (it records the
 * body it got), policies from the config file and from {@code /admin/filters}, the ledger in PostgreSQL.
 */
class ContentFilterTest {
    private static final String MODEL = "claude-sonnet-4-6";
    private static final String PROMPT = "Write a short story about the harbour";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;
    private AnthropicClient client;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        PolicySpec pii = new PolicySpec("pii", List.of(), List.of(), Map.of("email", "redact", "phone", "redact"),
                List.of(), "US");
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir))
                .filters(new FiltersConfig("pii", Map.of("pii", pii), Map.of(), Map.of())).start();
        client = AnthropicOkHttpClient.builder().baseUrl(h.baseUrl()).apiKey(Harness.CLIENT_KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    private static MessageCreateParams ask(String text) {
        return MessageCreateParams.builder().model(MODEL).maxTokens(40).addUserMessage(text).build();
    }

    private static String text(Message m) {
        return m.content().stream().map(ContentBlock::text).flatMap(Optional::stream).map(t -> t.text())
                .collect(Collectors.joining());
    }

    @Test
    void piiEmailInPrompt_reachesTheUpstreamRedacted_andTheUsageRowSaysWhat() throws Exception {
        Message m = client.messages().create(ask("Please mail jane.doe@example.com and call (650) 253-0000"));

        assertThat(text(m)).isNotBlank();
        String upstreamGot = h.sim("d1").stats().lastBody();
        assertThat(upstreamGot).contains("Please mail [EMAIL] and call [PHONE]").doesNotContain("jane.doe")
                .doesNotContain("253-0000");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.count(
                "SELECT COUNT(*) FROM usage_records WHERE filter_actions = 'EMAIL:redact,PHONE:redact'") == 1);
        assertThat(fx.dump("usage_records")).doesNotContain("jane.doe");
        assertThat(h.gateway.registry().scrape()).contains("switchyard_filter_actions_total{action=\"redact\","
                + "category=\"EMAIL\",direction=\"request\",policy=\"pii\"} 1.0");
    }

    @Test
    void blockedTermSplitAcrossStreamDeltas_neverReachesTheClient_sdkRaisesTheErrorEvent_wholeAnswerIs400() {
        // the simulator's reply is a function of the prompt, one word per delta: block two of its words in a row
        String reply = text(client.messages().create(ask(PROMPT)));
        String[] words = reply.trim().split(" ");
        assertThat(words.length).isGreaterThan(6);
        String term = words[4] + " " + words[5];
        Matcher first = Pattern.compile("\\b" + Pattern.quote(term) + "\\b").matcher(reply);
        assertThat(first.find()).isTrue();
        fx.admin(h.baseUrl(), "PUT", "/admin/filters/strict", "{\"blocked_terms\":[\"" + term + "\"]}", 200);
        fx.admin(h.baseUrl(), "PUT", "/admin/filters/assignments",
                "{\"tenant_id\":\"default\",\"policy\":\"strict\"}", 200);

        StringBuilder streamed = new StringBuilder();
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(ask(PROMPT))) {
                s.stream().forEach(e -> {
                    if (e.isContentBlockDelta()) {
                        e.asContentBlockDelta().delta().text().ifPresent(t -> streamed.append(t.text()));
                    }
                });
            }
        }).isInstanceOf(SseException.class).hasMessageContaining("strict").hasMessageContaining("BLOCKED_TERM");
        assertThat(reply).startsWith(streamed.toString());
        assertThat(streamed.length()).isLessThanOrEqualTo(first.start()); // neither half of the term was sent

        assertThatThrownBy(() -> client.messages().create(ask(PROMPT)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("strict").contains("BLOCKED_TERM").doesNotContain(term));
    }

    @Test
    void keyPolicy_winsOverTenantAndDefault() {
        fx.admin(h.baseUrl(), "PUT", "/admin/filters/open", "{\"pii\":{\"email\":\"allow\"}}", 200);
        fx.admin(h.baseUrl(), "PUT", "/admin/filters/closed", "{\"pii\":{\"email\":\"block\"}}", 200);
        String key = fx.createKey(h.baseUrl(), "{\"name\":\"k\"}").path("key").asText();
        String keyId = fx.admin(h.baseUrl(), "GET", "/admin/keys", null, 200).path("data").findValuesAsText("id")
                .stream().filter(id -> !id.isEmpty()).findFirst().orElseThrow();
        fx.admin(h.baseUrl(), "PUT", "/admin/filters/assignments", "{\"tenant_id\":\"default\",\"policy\":\"closed\"}",
                200);
        fx.admin(h.baseUrl(), "PUT", "/admin/filters/assignments", "{\"key_id\":\"" + keyId + "\",\"policy\":\"open\"}",
                200);
        AnthropicClient own = AnthropicOkHttpClient.builder().baseUrl(h.baseUrl()).apiKey(key).maxRetries(0).build();

        own.messages().create(ask("mail a.b@example.com"));
        assertThat(h.sim("d1").stats().lastBody()).contains("a.b@example.com");
        assertThatThrownBy(() -> client.messages().create(ask("mail a.b@example.com")))
                .isInstanceOf(AnthropicServiceException.class).hasMessageContaining("'closed'");
    }
}
