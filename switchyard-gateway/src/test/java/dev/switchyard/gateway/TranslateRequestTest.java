package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.translation.TranslationSettings;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslateRequestTest {
    private static final TranslationSettings SETTINGS = new TranslationSettings(null, 3, 100, null);

    private static TranslateRequest parse(String json) {
        return TranslateRequest.parse(Buffer.buffer(json), SETTINGS);
    }

    private static void refused(String json, String... fragments) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
                .hasMessageContainingAll(fragments);
    }

    @Test
    void parse_oneText_isAListOfOneWithAutoSource() {
        TranslateRequest r = parse("{\"text\":\"Hello\",\"target_language\":\"fr\",\"model\":\"m\"}");
        assertThat(r.texts()).containsExactly("Hello");
        assertThat(r.target()).isEqualTo("fr");
        assertThat(r.source()).isNull();
        assertThat(r.model()).isEqualTo("m");
    }

    @Test
    void parse_textsAndExplicitSource_keepsOrderAndSource() {
        TranslateRequest r = parse("{\"texts\":[\"a\",\"b\"],\"target_language\":\"de\",\"source_language\":\"en\","
                + "\"model\":\"m\"}");
        assertThat(r.texts()).containsExactly("a", "b");
        assertThat(r.source()).isEqualTo("en");
        assertThat(parse("{\"text\":\"a\",\"target_language\":\"de\",\"source_language\":\"auto\",\"model\":\"m\"}")
                .source()).isNull();
    }

    @Test
    void parse_noModel_usesTheConfiguredDefaultElseRefuses() {
        refused("{\"text\":\"a\",\"target_language\":\"fr\"}", "model: Field required");
        TranslateRequest r = TranslateRequest.parse(Buffer.buffer("{\"text\":\"a\",\"target_language\":\"fr\"}"),
                new TranslationSettings("claude-haiku-4-5", 3, 100, List.of("en", "fr")));
        assertThat(r.model()).isEqualTo("claude-haiku-4-5");
    }

    @Test
    void parse_badShapes_areClear400s() {
        refused("not json", "not valid JSON");
        refused("[1]", "JSON object");
        refused("{\"target_language\":\"fr\",\"model\":\"m\"}", "exactly one of text");
        refused("{\"text\":\"a\",\"texts\":[\"b\"],\"target_language\":\"fr\",\"model\":\"m\"}", "exactly one of text");
        refused("{\"text\":\"  \",\"target_language\":\"fr\",\"model\":\"m\"}", "text:", "non-empty string");
        refused("{\"texts\":[],\"target_language\":\"fr\",\"model\":\"m\"}", "texts:", "non-empty list");
        refused("{\"texts\":[\"a\",3],\"target_language\":\"fr\",\"model\":\"m\"}", "texts.1");
        refused("{\"text\":\"a\",\"model\":\"m\"}", "target_language: Field required");
        refused("{\"text\":\"a\",\"model\":5,\"target_language\":\"fr\"}", "model:");
    }

    @Test
    void parse_languageCodes_mustBeIso6391() {
        refused("{\"text\":\"a\",\"target_language\":\"french\",\"model\":\"m\"}", "target_language", "ISO 639-1");
        refused("{\"text\":\"a\",\"target_language\":\"FR\",\"model\":\"m\"}", "target_language");
        refused("{\"text\":\"a\",\"target_language\":\"xx\",\"model\":\"m\"}", "target_language");
        refused("{\"text\":\"a\",\"target_language\":\"auto\",\"model\":\"m\"}", "target_language");
        refused("{\"text\":\"a\",\"target_language\":\"fr\",\"source_language\":\"zz\",\"model\":\"m\"}",
                "source_language", "\"auto\"");
    }

    @Test
    void parse_overTheLimits_namesTheLimit() {
        refused("{\"texts\":[\"a\",\"b\",\"c\",\"d\"],\"target_language\":\"fr\",\"model\":\"m\"}",
                "at most 3 texts", "got 4");
        refused("{\"text\":\"" + "x".repeat(101) + "\",\"target_language\":\"fr\",\"model\":\"m\"}",
                "text:", "at most 100 characters");
        refused("{\"texts\":[\"" + "x".repeat(60) + "\",\"" + "y".repeat(60) + "\"],\"target_language\":\"fr\","
                + "\"model\":\"m\"}", "at most 100 characters in all", "got 120");
    }
}
