package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.claude.ModelInfo;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelsEndpointTest {
    /** What every Anthropic SDK sends; without it and without paging parameters the list is whole. */
    private static final MultiMap ANTHROPIC = MultiMap.caseInsensitiveMultiMap().add("anthropic-version", "2023-06-01");
    private static final List<ModelInfo> MODELS = List.of("a", "b", "c", "d", "e").stream()
            .map(id -> new ModelInfo(id, id.toUpperCase(), "2025-01-01T00:00:00Z")).toList();

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "-, -, -, a b c d e, false",
        "2, -, -, a b, true",
        "2, b, -, c d, true",
        "2, d, -, e, false",
        "2, -, d, b c, true",
        "5, -, b, a, false",
    })
    void list_paging_matchesTheApi(String limit, String afterId, String beforeId, String ids, boolean hasMore)
            throws Exception {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        if (limit != null) {
            params.add("limit", limit);
        }
        if (afterId != null) {
            params.add("after_id", afterId);
        }
        if (beforeId != null) {
            params.add("before_id", beforeId);
        }

        JsonNode page = Json.mapper().readTree(ModelsEndpoint.list(MODELS, params, ANTHROPIC));

        List<String> got = new ArrayList<>();
        page.get("data").forEach(m -> got.add(m.get("id").asText()));
        assertThat(String.join(" ", got)).isEqualTo(ids);
        assertThat(page.get("has_more").asBoolean()).isEqualTo(hasMore);
        assertThat(page.get("first_id").asText()).isEqualTo(got.get(0));
        assertThat(page.get("last_id").asText()).isEqualTo(got.get(got.size() - 1));
        assertThat(page.get("data").get(0).get("type").asText()).isEqualTo("model");
    }

    @Test
    void list_aPage_carriesAnthropicsAndOpenAisFields() throws Exception {
        JsonNode page = Json.mapper().readTree(ModelsEndpoint.list(MODELS,
                MultiMap.caseInsensitiveMultiMap().add("limit", "2"), ANTHROPIC));

        assertThat(page.get("object").asText()).isEqualTo("list");
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(page.get("data")).hasSize(2);
        page.get("data").forEach(ModelsEndpointTest::assertBothShapes);
    }

    @Test
    void one_knownId_carriesAnthropicsAndOpenAisFields() throws Exception {
        JsonNode model = Json.mapper().readTree(ModelsEndpoint.one(MODELS, "c"));

        assertBothShapes(model);
        assertThat(model.get("id").asText()).isEqualTo("c");
        assertThat(model.get("display_name").asText()).isEqualTo("C");
    }

    @Test
    void one_unknownId_isNotFound() {
        assertThatThrownBy(() -> ModelsEndpoint.one(MODELS, "zz")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    /** Anthropic's four fields and OpenAI's four (id shared), with created the same instant as created_at. */
    private static void assertBothShapes(JsonNode m) {
        assertThat(m.get("type").asText()).isEqualTo("model");
        assertThat(m.get("object").asText()).isEqualTo("model");
        assertThat(m.get("id").asText()).isNotBlank();
        assertThat(m.get("display_name").asText()).isNotBlank();
        assertThat(m.get("created_at").asText()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(m.get("created").isIntegralNumber()).isTrue();
        assertThat(m.get("created").asLong()).isEqualTo(1_735_689_600L);
        assertThat(m.get("owned_by").asText()).isEqualTo("anthropic");
    }

    @Test
    void list_withoutAnthropicVersionOrPaging_isWhole() throws Exception {
        List<ModelInfo> many = java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> new ModelInfo("m" + i, "M" + i, "2025-01-01T00:00:00Z")).toList();

        JsonNode openAi = Json.mapper().readTree(ModelsEndpoint.list(many, MultiMap.caseInsensitiveMultiMap(),
                MultiMap.caseInsensitiveMultiMap()));
        JsonNode anthropic = Json.mapper().readTree(ModelsEndpoint.list(many, MultiMap.caseInsensitiveMultiMap(),
                ANTHROPIC));

        assertThat(openAi.get("data")).hasSize(25);
        assertThat(openAi.get("has_more").asBoolean()).isFalse();
        assertThat(anthropic.get("data")).hasSize(20);
        assertThat(anthropic.get("has_more").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"0", "1001", "ten"})
    void list_badLimit_isInvalidRequest(String limit) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap().add("limit", limit);

        assertThatThrownBy(() -> ModelsEndpoint.list(MODELS, params, ANTHROPIC)).isInstanceOf(ApiException.class)
                .hasMessageContaining("limit");
    }
}
