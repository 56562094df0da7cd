package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListPage;
import com.anthropic.models.models.ModelListParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One {@code /v1/models} answer read by both official Java SDKs: Anthropic's pages through it with
 * {@code limit}, {@code after_id} and {@code before_id}; OpenAI's reads its own fields from the same JSON.
 */
class ModelsBothSdksTest {
    private static final List<String> SERVED = List.of("claude-opus-4-8", "claude-sonnet-4-6", "claude-haiku-4-5",
            "claude-opus-5", "claude-sonnet-5");
    /** What the gateway dates every configured model (RouteTable), as unix seconds. */
    private static final long CREATED = java.time.Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
    private static Harness harness;
    private static AnthropicClient anthropic;
    private static OpenAIClient openai;

    @BeforeAll
    static void start() {
        harness = new Harness().deployment("primary", SERVED.toArray(String[]::new)).start();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey(Harness.CLIENT_KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        openai = OpenAIOkHttpClient.builder().baseUrl(harness.baseUrl() + "/v1").apiKey(Harness.CLIENT_KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void anthropicList_limitTwo_autoPagesThroughEveryModelInOrder() {
        ModelListPage first = anthropic.models().list(ModelListParams.builder().limit(2).build());

        assertThat(first.data()).extracting(ModelInfo::id).containsExactly("claude-opus-4-8", "claude-sonnet-4-6");
        assertThat(first.hasMore()).contains(true);
        assertThat(first.autoPager().stream().map(ModelInfo::id).toList()).isEqualTo(SERVED);
    }

    @Test
    void anthropicList_beforeId_pagesBackwards() {
        ModelListPage page = anthropic.models().list(ModelListParams.builder().beforeId("claude-sonnet-5").limit(2)
                .build());

        assertThat(page.data()).extracting(ModelInfo::id).containsExactly("claude-haiku-4-5", "claude-opus-5");
        assertThat(page.hasNextPage()).isTrue();
        assertThat(page.nextPage().data()).extracting(ModelInfo::id)
                .containsExactly("claude-opus-4-8", "claude-sonnet-4-6");
    }

    @Test
    void anthropicRetrieve_knownId_readsItsOwnFieldsAndKeepsOpenAisAside() {
        ModelInfo m = anthropic.models().retrieve("claude-haiku-4-5");

        assertThat(m.id()).isEqualTo("claude-haiku-4-5");
        assertThat(m.displayName()).isEqualTo("Claude Haiku 4.5");
        assertThat(m.createdAt().toEpochSecond()).isEqualTo(CREATED);
        assertThat(m._additionalProperties()).containsOnlyKeys("object", "created", "owned_by");
    }

    @Test
    void openAiList_sameUrl_readsEveryModelWithOpenAisFields() {
        List<Model> models = openai.models().list().data();

        assertThat(models).extracting(Model::id).isEqualTo(SERVED);
        models.forEach(m -> {
            m.validate(); // every field OpenAI's type requires is there, of the right type
            assertThat(m.created()).isEqualTo(CREATED);
            assertThat(m.ownedBy()).isEqualTo("anthropic");
        });
    }

    @Test
    void openAiRetrieve_knownId_readsOpenAisFieldsAndKeepsAnthropicsAside() {
        Model m = openai.models().retrieve("claude-sonnet-4-6").validate();

        assertThat(m.id()).isEqualTo("claude-sonnet-4-6");
        assertThat(m.created()).isEqualTo(CREATED);
        assertThat(m.ownedBy()).isEqualTo("anthropic");
        assertThat(m._additionalProperties()).containsOnlyKeys("type", "display_name", "created_at");
    }

    @Test
    void retrieve_unknownId_isNotFoundForBothSdks() {
        assertThatThrownBy(() -> anthropic.models().retrieve("claude-no-such-model"))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class);
        assertThatThrownBy(() -> openai.models().retrieve("claude-no-such-model"))
                .isInstanceOfSatisfying(com.openai.errors.NotFoundException.class,
                        e -> assertThat(e.getMessage()).contains("claude-no-such-model"));
    }
}
