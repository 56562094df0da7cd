package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) Json.mapper().readTree(json);
    }

    private static String key(String json) throws Exception {
        return CacheKeys.digest("t", body(json), "2023-06-01", null);
    }

    @Test
    void digest_temperature1e999_isAKeyNotAnException() throws Exception {
        // 1e999 parses as Infinity, which BigDecimal refuses: this was a 500 with caching on.
        assertThat(key("{\"model\":\"m\",\"temperature\":1e999,\"messages\":[]}")).hasSize(64)
                .isNotEqualTo(key("{\"model\":\"m\",\"temperature\":-1e999,\"messages\":[]}"));
    }

    /** Found by fuzzing too: the same Infinity deeper in the body, where no field check looks. */
    @Test
    void digest_numberBeyondDoubleRangeInsideAToolResult_isAKeyNotAnException() throws Exception {
        assertThat(key("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"tool_result\",\"x\":1e400}]}]}")).hasSize(64);
    }

    @Test
    void digest_sameValueWrittenDifferently_oneKey() throws Exception {
        assertThat(key("{\"model\":\"m\",\"temperature\":1,\"messages\":[]}"))
                .isEqualTo(key("{\"model\":\"m\",\"temperature\":1.0,\"messages\":[]}"))
                .isEqualTo(key("{\"model\":\"m\",\"temperature\":1e0,\"messages\":[]}"))
                .isNotEqualTo(key("{\"model\":\"m\",\"temperature\":0.5,\"messages\":[]}"));
        assertThat(key("{\"model\":\"m\",\"max_tokens\":100,\"messages\":[]}"))
                .isEqualTo(key("{\"model\":\"m\",\"max_tokens\":1e2,\"messages\":[]}"));
    }

    @Test
    void canonical_tinyNumbers_noLongerThanTheirJson() throws Exception {
        // A plain rendering of 1e-300 is 300 characters from 6: a 32 MB body of them would take gigabytes.
        String json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"n\":["
                + "1e-300,".repeat(1000) + "0]}]}";

        assertThat(CacheKeys.canonical("t", body(json), "2023-06-01", null)).hasSizeLessThan(json.length() + 300);
    }
}
