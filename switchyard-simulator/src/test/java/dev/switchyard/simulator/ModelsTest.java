package dev.switchyard.simulator;

import static dev.switchyard.simulator.MessagesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsTest extends SimulatorTestBase {
    /** The reference list: model ids known to the official TypeScript SDK 1.14, then the deprecated ones. */
    private static final List<String> DEFAULTS = List.of(
            "claude-opus-5", "claude-opus-5-5", "claude-sonnet-5", "claude-sonnet-5-5", "claude-haiku-5-5",
            "claude-fable-5", "claude-fable-5-1", "claude-fable-5-2",
            "claude-mythos-5", "claude-mythos-5-1", "claude-mythos-5-2",
            "claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-6", "claude-sonnet-4-6",
            "claude-haiku-4-5", "claude-haiku-4-5-20251001",
            "claude-sonnet-4-5", "claude-opus-4-5", "claude-mythos-preview");

    @Test
    void listModels_defaultLimit_returnsTheFirst20NewestFirst() throws Exception {
        HttpResponse<String> response = get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ids(json(response))).containsExactlyElementsOf(DEFAULTS.subList(0, 20));
    }

    @Test
    void listModels_wholeList_returnsEveryReferenceModelNewestFirst() throws Exception {
        JsonNode page = json(get("/v1/models?limit=1000"));
        assertThat(ids(page)).containsExactlyElementsOf(DEFAULTS);
        assertThat(page.get("has_more").asBoolean()).isFalse();
        assertThat(page.get("first_id").asText()).isEqualTo("claude-opus-5");
        assertThat(page.get("last_id").asText()).isEqualTo("claude-mythos-preview");
        Instant previous = Instant.MAX;
        for (JsonNode model : page.get("data")) {
            assertThat(model.get("type").asText()).isEqualTo("model");
            assertThat(model.get("display_name").asText()).startsWith("Claude ");
            Instant created = Instant.parse(model.get("created_at").asText());
            assertThat(created).isBefore(previous);
            previous = created;
        }
    }

    @Test
    void listModels_pagedByLimitAndAfterId_walksTheWholeList() throws Exception {
        JsonNode first = json(get("/v1/models?limit=16"));
        JsonNode second = json(get("/v1/models?limit=16&after_id=" + first.get("last_id").asText()));

        assertThat(ids(first)).containsExactlyElementsOf(DEFAULTS.subList(0, 16));
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(ids(second)).containsExactlyElementsOf(DEFAULTS.subList(16, DEFAULTS.size()));
        assertThat(second.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void listModels_pagedByBeforeId_returnsThePageBefore() throws Exception {
        JsonNode page = json(get("/v1/models?limit=2&before_id=claude-opus-4-8"));

        assertThat(ids(page)).containsExactly("claude-mythos-5-1", "claude-mythos-5-2");
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(page.get("first_id").asText()).isEqualTo("claude-mythos-5-1");
    }

    @Test
    void listModels_badParameters_answer400() throws Exception {
        assertError(get("/v1/models?limit=0"), 400, "invalid_request_error", "limit");
        assertError(get("/v1/models?limit=x"), 400, "invalid_request_error", "limit");
        assertError(get("/v1/models?after_id=nope"), 400, "invalid_request_error", "after_id");
    }

    @Test
    void getModel_knownId_returnsTheModel() throws Exception {
        JsonNode model = json(get("/v1/models/claude-sonnet-4-6"));

        assertThat(model.get("type").asText()).isEqualTo("model");
        assertThat(model.get("id").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(model.get("display_name").asText()).isEqualTo("Claude Sonnet 4.6");
    }

    @Test
    void getModel_unknownId_answers404() throws Exception {
        assertError(get("/v1/models/claude-nope"), 404, "not_found_error", "claude-nope");
    }

    @Test
    void models_withoutApiKey_answer401() throws Exception {
        assertError(send(request("/v1/models").setHeader("x-api-key", "").GET()), 401, "authentication_error",
                "x-api-key");
    }

    @Test
    void models_customModelSet_areServedInTheirOrder() throws Exception {
        restart(options().withModels(new java.util.LinkedHashSet<>(List.of("claude-mythos-5-2", "claude-fable-5"))));

        assertThat(ids(json(get("/v1/models")))).containsExactly("claude-mythos-5-2", "claude-fable-5");
        assertThat(post("/v1/messages", body("x", 10, false)).statusCode()).isEqualTo(404);
    }

    @Test
    void displayName_modelIds_readLikeTheApi() {
        assertThat(ModelCatalog.displayName("claude-opus-4-8")).isEqualTo("Claude Opus 4.8");
        assertThat(ModelCatalog.displayName("claude-haiku-5-5")).isEqualTo("Claude Haiku 5.5");
        assertThat(ModelCatalog.displayName("claude-opus-5")).isEqualTo("Claude Opus 5");
        assertThat(ModelCatalog.displayName("claude-haiku-4-5-20251001")).isEqualTo("Claude Haiku 4.5");
        assertThat(ModelCatalog.displayName("claude-mythos-preview")).isEqualTo("Claude Mythos Preview");
    }

    @Test
    void listModels_withTheSdk_containsEveryReferenceId() {
        List<String> ids = new ArrayList<>();
        sdk().models().list().autoPager().forEach(m -> ids.add(m.id()));

        assertThat(ids).containsExactlyElementsOf(DEFAULTS);
        assertThat(sdk().models().retrieve("claude-haiku-4-5-20251001").displayName()).isEqualTo("Claude Haiku 4.5");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }
}
