package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslatePromptTest {
    private static ObjectNode reply(String text, String stopReason) {
        ObjectNode m = Json.mapper().createObjectNode().put("type", "message").put("stop_reason", stopReason);
        m.putArray("content").addObject().put("type", "text").put("text", text);
        return m;
    }

    private static ApiException unreadable(String text, int expected) {
        try {
            TranslatePrompt.parse(reply(text, "end_turn"), expected);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("parsed: " + text);
    }

    @Test
    void body_isAValidMessagesRequestWithTheTextsAsAJsonArray() throws Exception {
        ObjectNode body = TranslatePrompt.body(List.of("Hello", "Bye \"now\""), null, "fr", "claude-haiku-4-5");
        MessagesRequest checked = MessagesRequest.check(body, true);
        assertThat(checked.model()).isEqualTo("claude-haiku-4-5");
        assertThat(checked.stream()).isFalse();
        assertThat(body.path("system").asText()).contains("French").contains("\"fr\"").contains("JSON array of 2");
        JsonNode sent = Json.mapper().readTree(body.path("messages").get(0).path("content").asText());
        assertThat(sent.get(0).asText()).isEqualTo("Hello");
        assertThat(sent.get(1).asText()).isEqualTo("Bye \"now\"");
        assertThat(TranslatePrompt.body(List.of("Hallo"), "de", "fr", "m").path("system").asText())
                .contains("from German into French");
    }

    @Test
    void parse_theArrayAskedFor_givesTextsAndSourcesInOrder() {
        List<TranslatePrompt.Translated> t = TranslatePrompt.parse(reply(
                "[{\"source_language\":\"en\",\"text\":\"Bonjour\"},{\"source_language\":\"??\",\"text\":\"Salut\"}]",
                "end_turn"), 2);
        assertThat(t).containsExactly(new TranslatePrompt.Translated("Bonjour", "en"),
                new TranslatePrompt.Translated("Salut", null));
    }

    @Test
    void parse_fencedOrWithProse_findsTheArray() {
        assertThat(TranslatePrompt.parse(reply("```json\n[{\"source_language\":\"en\",\"text\":\"Hallo\"}]\n```",
                "end_turn"), 1)).extracting(TranslatePrompt.Translated::text).containsExactly("Hallo");
    }

    @Test
    void parse_notTheArrayAskedFor_isAnApiError() {
        assertThat(unreadable("Bonjour", 1).getMessage()).contains("no JSON array");
        assertThat(unreadable("[{\"text\": \"a\"", 1).getMessage()).contains("no JSON array");
        assertThat(unreadable("[oops]", 1).getMessage()).contains("does not parse");
        assertThat(unreadable("[{\"text\":\"a\"}]", 2).getMessage()).contains("expected 2", "got 1");
        assertThat(unreadable("[{\"txt\":\"a\"}]", 1).getMessage()).contains("no text");
        assertThat(unreadable("[]", 1).type()).isEqualTo(ErrorType.API);
        assertThatThrownBy(() -> TranslatePrompt.parse(reply("[{\"text\":\"a\"", "max_tokens"), 1))
                .hasMessageContaining("max_tokens");
    }
}
