package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputLimitsTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    @Test
    void maxFor_knownDatedUnknownModels_tableThenDefault() {
        OutputLimits limits = OutputLimits.defaults();

        assertThat(limits.maxFor("claude-sonnet-4-6")).isEqualTo(64_000);
        assertThat(limits.maxFor("claude-haiku-4-5-20251001")).isEqualTo(64_000);
        assertThat(limits.maxFor("claude-opus-4-1")).isEqualTo(32_000);
        assertThat(limits.maxFor("made-up-model")).isEqualTo(OutputLimits.DEFAULT_MAX);
        assertThat(limits.maxFor(null)).isEqualTo(OutputLimits.DEFAULT_MAX);
    }

    @Test
    void parse_maxOutputTokensPerModelAndDefault_configuredValuesWin() {
        SwitchyardConfig c = loader.parse("""
                upstream: { max_output_tokens: 4096 }
                deployments:
                  - { name: a, base_url: "http://127.0.0.1:1", models: ["*"] }
                models:
                  claude-sonnet-4-6: { max_output_tokens: 1000 }
                  opus: { fallbacks: [claude-sonnet-4-6] }
                """);
        OutputLimits limits = OutputLimits.of(c);

        assertThat(limits.maxFor("claude-sonnet-4-6")).isEqualTo(1000);
        assertThat(limits.maxFor("claude-haiku-4-5")).isEqualTo(64_000);
        assertThat(limits.maxFor("opus")).isEqualTo(4096);
        assertThat(limits.maxFor("anything-else")).isEqualTo(4096);
    }

    @Test
    void parse_withoutMaxOutputTokens_usesTheDefault() {
        SwitchyardConfig c = loader.parse("""
                deployments:
                  - { name: a, base_url: "http://127.0.0.1:1", models: [m] }
                """);

        assertThat(c.upstream().maxOutputTokens()).isEqualTo(OutputLimits.DEFAULT_MAX);
        assertThat(OutputLimits.of(c).maxFor("m")).isEqualTo(OutputLimits.DEFAULT_MAX);
    }

    @Test
    void parse_badMaxOutputTokens_namesTheKey() {
        assertThatThrownBy(() -> loader.parse("""
                upstream: { max_output_tokens: 0 }
                deployments:
                  - { name: a, base_url: "http://127.0.0.1:1", models: [m] }
                models:
                  m: { max_output_tokens: 99999999999 }
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("upstream.max_output_tokens: must be between 1 and 10000000"))
                        .anyMatch(p -> p.startsWith("models.m.max_output_tokens:")));
    }
}
