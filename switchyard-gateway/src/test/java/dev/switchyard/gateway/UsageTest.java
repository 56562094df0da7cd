package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.json.Json;
import org.junit.jupiter.api.Test;

class UsageTest {
    @Test
    void read_absurdReportedCounts_keptWithinBoundsSoCostSumsCannotWrap() throws Exception {
        Usage u = new Usage();
        u.read(Json.mapper().readTree("{\"input_tokens\":9223372036854775807,\"output_tokens\":-5,"
                + "\"cache_creation_input_tokens\":1e999,\"cache_read_input_tokens\":12}"));

        assertThat(u.inputTokens).isEqualTo(Usage.MAX_REPORTED);
        assertThat(u.outputTokens).isZero();
        assertThat(u.cacheCreationTokens).isEqualTo(Usage.MAX_REPORTED);
        assertThat(u.cacheReadTokens).isEqualTo(12);
    }

    @Test
    void read_missingCount_keepsTheEarlierOne() throws Exception {
        Usage u = new Usage();
        u.read(Json.mapper().readTree("{\"input_tokens\":7,\"output_tokens\":1}"));
        u.read(Json.mapper().readTree("{\"output_tokens\":30}"));

        assertThat(u.inputTokens).isEqualTo(7);
        assertThat(u.outputTokens).isEqualTo(30);
    }
}
