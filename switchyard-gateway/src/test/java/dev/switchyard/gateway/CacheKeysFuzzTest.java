package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The cache-key canonicaliser on arbitrary JSON objects: the same JSON with its object keys in another
 * order, or written again with other whitespace, gets the same key; and it never throws anything but
 * an invalid_request_error {@link ApiException}. Inputs that are not a JSON object are the parser's
 * concern ({@link MessagesRequestFuzzTest}) and are skipped.
 */
class CacheKeysFuzzTest {

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void digest_keysInAnyOrder_sameKey(byte[] json) throws Exception {
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(json);
        } catch (Exception notJson) {
            return;
        }
        if (!(parsed instanceof ObjectNode body)) {
            return;
        }
        String key;
        try {
            key = CacheKeys.digest("t1", body, "2023-06-01", null);
        } catch (ApiException e) {
            assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
            return;
        }
        assertThat(key).hasSize(64);
        assertThat(CacheKeys.digest("t1", (ObjectNode) reversed(body), "2023-06-01", null)).isEqualTo(key);
        if (!hasNonFinite(body)) {
            // Jackson writes a non-finite double (1e999 read as Infinity) as the string "Infinity": another JSON
            ObjectNode again = (ObjectNode) Json.mapper().readTree(
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
            assertThat(CacheKeys.digest("t1", again, "2023-06-01", null)).isEqualTo(key);
        }
        assertThat(CacheKeys.digest("t2", body, "2023-06-01", null)).isNotEqualTo(key);
    }

    private static boolean hasNonFinite(JsonNode n) {
        if (n.isContainerNode()) {
            for (JsonNode child : n) {
                if (hasNonFinite(child)) {
                    return true;
                }
            }
            return false;
        }
        return n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue());
    }

    /** A deep copy with every object's keys in reverse order. */
    private static JsonNode reversed(JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            Collections.reverse(names);
            ObjectNode out = Json.mapper().createObjectNode();
            for (String name : names) {
                out.set(name, reversed(n.get(name)));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = Json.mapper().createArrayNode();
            n.forEach(e -> out.add(reversed(e)));
            return out;
        }
        return n;
    }
}
