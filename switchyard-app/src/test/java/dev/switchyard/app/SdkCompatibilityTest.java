package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.models.ModelInfo;
import dev.switchyard.simulator.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, pointed at the gateway by base URL only, sees the API it knows. */
class SdkCompatibilityTest {
    private static Harness harness;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        harness = new Harness()
                .deployment("primary", "sonnet=claude-sonnet-4-6", "claude-haiku-4-5")
                .start();
        client = sdk(Harness.CLIENT_KEY);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static AnthropicClient sdk(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static MessageCreateParams params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(64).addUserMessage("Hello, Switchyard").build();
    }

    @Test
    void create_throughGateway_returnsTheSimulatorsMessage() {
        Message m = client.messages().create(params("claude-sonnet-4-6"));

        assertThat(m.id()).startsWith("msg_");
        assertThat(m.model().asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(text(m)).isNotBlank();
        assertThat(m.usage().inputTokens()).isPositive();
        assertThat(m.usage().outputTokens()).isPositive();
        assertThat(harness.sim("primary").stats().lastHeaders()).containsEntry("x-api-key", Harness.UPSTREAM_KEY);
    }

    @Test
    void create_withAlias_isServedUnderTheDeploymentsModelName() {
        Message m = client.messages().create(params("sonnet"));

        assertThat(m.model().asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(harness.sim("primary").stats().lastBody()).contains("\"model\":\"claude-sonnet-4-6\"");
    }

    @Test
    void createStreaming_throughGateway_deliversTheSameTextInApiOrder() {
        String expected = text(client.messages().create(params("claude-haiku-4-5")));
        List<String> kinds = new ArrayList<>();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params("claude-haiku-4-5"))) {
            s.stream().forEach(e -> {
                kinds.add(kind(e));
                if (e.isContentBlockDelta()) {
                    e.asContentBlockDelta().delta().text().ifPresent(t -> streamed.append(t.text()));
                }
            });
        }

        assertThat(streamed.toString()).isEqualTo(expected);
        assertThat(kinds.get(0)).isEqualTo("message_start");
        assertThat(kinds.get(1)).isEqualTo("content_block_start");
        assertThat(kinds.subList(kinds.size() - 3, kinds.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(kinds.subList(2, kinds.size() - 3)).containsOnly("content_block_delta");
    }

    @Test
    void headers_versionAndBeta_areForwardedAndEveryResponseHasARequestId() {
        java.net.http.HttpResponse<String> r = RawHttp.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(harness.baseUrl() + "/v1/messages"))
                .header("x-api-key", Harness.CLIENT_KEY).header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "feature-a,feature-b").header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6"))).build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).matches("req_[0-9A-Za-z]{24}"));
        assertThat(harness.sim("primary").stats().lastHeaders())
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("anthropic-beta", "feature-a,feature-b")
                .doesNotContainValue(Harness.CLIENT_KEY)
                .doesNotContainValue("Bearer " + Harness.CLIENT_KEY);
        assertThat(harness.sim("primary").stats().lastBody()).isEqualTo(RawHttp.message("claude-sonnet-4-6"));
    }

    @Test
    void countTokens_throughGateway_answersInputTokens() {
        long n = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-sonnet-4-6")
                .addUserMessage("How many tokens is this?").build()).inputTokens();

        assertThat(n).isPositive();
    }

    @Test
    void modelsList_throughGateway_listsTheConfiguredModels() {
        List<String> ids = client.models().list().data().stream().map(ModelInfo::id).collect(Collectors.toList());

        assertThat(ids).containsExactly("claude-sonnet-4-6", "claude-haiku-4-5");
        assertThat(client.models().retrieve("claude-haiku-4-5").displayName()).isEqualTo("Claude Haiku 4.5");
    }

    @Test
    void errors_clientMistakes_raise400And401And404Types() {
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-6")
                        .maxTokens(0).addUserMessage("x").build()))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> sdk("sk-wrong-key").messages().create(params("claude-sonnet-4-6")))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client.messages().create(params("claude-no-such-model")))
                .isInstanceOf(NotFoundException.class);

    }

    /** Its own gateway: the failures it provokes open a breaker that the other tests must not inherit. */
    @Test
    void errors_upstreamRateLimitedOrOverloaded_raise429And529Types() {
        try (Harness own = new Harness().deployment("only", "claude-sonnet-4-6").start()) {
            AnthropicClient c = AnthropicOkHttpClient.builder().baseUrl(own.baseUrl()).apiKey(Harness.CLIENT_KEY)
                    .maxRetries(0).build();

            own.sim("only").setFault(Fault.status(429, Duration.ofMillis(100)));
            assertThatThrownBy(() -> c.messages().create(params("claude-sonnet-4-6")))
                    .isInstanceOf(RateLimitException.class);

            own.sim("only").setFault(Fault.status(529));
            assertThatThrownBy(() -> c.messages().create(params("claude-sonnet-4-6")))
                    .isInstanceOf(OverloadedException.class)
                    .hasMessageContaining("529");
        }
    }

    private static String text(Message m) {
        return m.content().stream().map(ContentBlock::text).flatMap(java.util.Optional::stream)
                .map(t -> t.text()).collect(Collectors.joining());
    }

    private static String kind(RawMessageStreamEvent e) {
        if (e.isMessageStart()) {
            return "message_start";
        }
        if (e.isContentBlockStart()) {
            return "content_block_start";
        }
        if (e.isContentBlockDelta()) {
            return "content_block_delta";
        }
        if (e.isContentBlockStop()) {
            return "content_block_stop";
        }
        if (e.isMessageDelta()) {
            return "message_delta";
        }
        return e.isMessageStop() ? "message_stop" : "other";
    }
}
