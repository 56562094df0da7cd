package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import dev.switchyard.simulator.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the gateway's /v1 by base URL only, gets Claude's answers. */
class OpenAiSdkTest {
    private static final String MODEL = "claude-sonnet-4-6";
    private static Harness harness;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        harness = new Harness().deployment("primary", MODEL, "claude-haiku-4-5").start();
        client = sdk(harness, Harness.CLIENT_KEY);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static OpenAIClient sdk(Harness h, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(h.baseUrl() + "/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static ChatCompletionCreateParams.Builder params(String prompt) {
        return ChatCompletionCreateParams.builder().model(MODEL).maxCompletionTokens(64)
                .addSystemMessage("You are terse.").addUserMessage(prompt);
    }

    private static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather").description("The weather in a city")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
    }

    @Test
    void create_throughGateway_returnsAChatCompletionWithUsage() {
        ChatCompletion c = client.chat().completions().create(params("Hello, Switchyard").build());

        assertThat(c.id()).startsWith("chatcmpl-");
        assertThat(c.model()).isEqualTo(MODEL);
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).isNotBlank());
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        CompletionUsage usage = c.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(harness.sim("primary").stats().lastHeaders()).containsEntry("x-api-key", Harness.UPSTREAM_KEY);
        assertThat(harness.sim("primary").stats().lastBody()).contains("\"system\":\"You are terse.\"");
    }

    @Test
    void create_maxTokensBelowTheAnswer_finishesWithLength() {
        ChatCompletion c = client.chat().completions().create(params("Cut me short").maxCompletionTokens(3).build());

        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(3);
    }

    @Test
    void createStreaming_samePrompt_accumulatesTheNonStreamingTextThenUsage() {
        String expected = client.chat().completions().create(params("Tell me a story").build())
                .choices().get(0).message().content().orElseThrow();
        StringBuilder streamed = new StringBuilder();
        List<String> finishReasons = new ArrayList<>();
        List<CompletionUsage> usages = new ArrayList<>();
        ChatCompletionCreateParams streaming = params("Tell me a story")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(streaming)) {
            s.stream().forEach(chunk -> {
                chunk.usage().ifPresent(usages::add);
                chunk.choices().forEach(choice -> {
                    choice.delta().content().ifPresent(streamed::append);
                    choice.finishReason().ifPresent(r -> finishReasons.add(r.asString()));
                });
            });
        }

        assertThat(streamed.toString()).isEqualTo(expected);
        assertThat(finishReasons).containsExactly("stop");
        assertThat(usages).hasSize(1);
        assertThat(usages.get(0).completionTokens()).isPositive();
    }

    @Test
    void toolCalls_roundTrip_callThenAnswerFromTheToolsResult() {
        ChatCompletionCreateParams ask = params("Please call get_weather for Oslo").addFunctionTool(weatherTool())
                .build();
        ChatCompletion first = client.chat().completions().create(ask);

        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"request\":\"Please call get_weather for Oslo\"}");

        ChatCompletion second = client.chat().completions().create(ask.toBuilder().addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("12 C, rain").build())
                .build());

        assertThat(second.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(second.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).isNotBlank());
        assertThat(harness.sim("primary").stats().lastBody())
                .contains("\"type\":\"tool_use\",\"id\":\"" + call.id() + "\"")
                .contains("\"type\":\"tool_result\",\"tool_use_id\":\"" + call.id() + "\",\"content\":\"12 C, rain\"");
    }

    @Test
    void toolCalls_streamedInParallel_accumulateIntoBothCalls() {
        FunctionDefinition time = weatherTool().toBuilder().name("get_time").build();
        ChatCompletionCreateParams ask = params("get_weather and get_time for Oslo").addFunctionTool(weatherTool())
                .addFunctionTool(time).build();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(ask)) {
            s.stream().forEach(acc::accumulate);
        }

        ChatCompletion.Choice choice = acc.chatCompletion().choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().toolCalls().orElseThrow()).extracting(c -> c.asFunction().function().name())
                .containsExactly("get_weather", "get_time");
        assertThat(choice.message().toolCalls().orElseThrow().get(1).asFunction().function().arguments())
                .isEqualTo("{\"request\":\"get_weather and get_time for Oslo\"}");
    }

    @Test
    void imageInput_dataUrl_reachesUpstreamAsABase64ImageBlock() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is this?")
                                .build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build())
                                .build())))
                .build());

        assertThat(c.choices().get(0).message().content()).isPresent();
        assertThat(harness.sim("primary").stats().lastBody()).contains("{\"type\":\"image\",\"source\":{\"type\":"
                + "\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}");
    }

    @Test
    void errors_clientMistakes_raise400And401And404Types() {
        assertThatThrownBy(() -> client.chat().completions().create(params("x").n(2).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("n: only one choice");
                });
        assertThatThrownBy(() -> sdk(harness, "sk-wrong-key").chat().completions().create(params("x").build()))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client.chat().completions().create(params("x").model("claude-no-such-model").build()))
                .isInstanceOf(NotFoundException.class);
    }

    /** Its own gateway: the failure it provokes must not count against the other tests' deployment. */
    @Test
    void errors_upstreamRateLimited_raise429Type() {
        try (Harness own = new Harness().deployment("only", MODEL).start()) {
            own.sim("only").setFault(Fault.status(429, Duration.ofMillis(100)));

            assertThatThrownBy(() -> sdk(own, Harness.CLIENT_KEY).chat().completions().create(params("x").build()))
                    .isInstanceOf(RateLimitException.class);
        }
    }
}
