package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regressions found by {@link CacheKeysFuzzTest}. */
class CacheKeysTest {

    /** Found by fuzzing: a number beyond double range read as Infinity made decimalValue() throw (a 500). */
    @ParameterizedTest
    @ValueSource(strings = {"{\"temperature\":1e999}", "{\"top_p\":-1e999}",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"x\":1e400}]}]}"})
    void digest_numberBeyondDoubleRange_rejectedAsInvalidRequest(String json) throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree(json);

        assertThatThrownBy(() -> CacheKeys.digest("t1", body, "2023-06-01", null))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
    }
}
