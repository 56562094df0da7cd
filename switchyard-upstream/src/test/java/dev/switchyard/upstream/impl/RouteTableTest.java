package dev.switchyard.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
    @ParameterizedTest
    @CsvSource({
        "claude-sonnet-4-6, Claude Sonnet 4.6",
        "claude-haiku-4-5-20251001, Claude Haiku 4.5",
        "claude-opus-5, Claude Opus 5",
        "claude-haiku-5-5, Claude Haiku 5.5",
        "my-custom-model, My Custom Model",
    })
    void info_modelId_getsTheApisDisplayName(String id, String display) {
        assertThat(RouteTable.info(id).displayName()).isEqualTo(display);
    }
}
