package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.hash.Sha256;
import dev.switchyard.core.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The response cache's key: SHA-256 over the canonical form of everything that decides an answer — the
 * tenant, anthropic-version, anthropic-beta, and the request's model, system, messages, tools,
 * tool_choice and sampling fields — with object keys sorted, so that two requests that differ only in
 * key order or whitespace share an entry. {@code stream} is left out: a streamed and a whole answer are
 * one cached message. The tenant is inside the hash, not only in the key's namespace, so no path can
 * ever serve one tenant's entry to another.
 */
final class CacheKeys {
    static final List<String> FIELDS = List.of("model", "system", "messages", "tools", "tool_choice", "max_tokens",
            "temperature", "top_p", "top_k", "stop_sequences", "thinking", "output_format", "container",
            "mcp_servers", "service_tier");

    private CacheKeys() {}

    static String digest(String tenant, ObjectNode body, String anthropicVersion, String anthropicBeta) {
        String canonical = canonical(tenant, body, anthropicVersion, anthropicBeta);
        return Sha256.hex(canonical);
    }

    /** What the key hashes. */
    static String canonical(String tenant, ObjectNode body, String anthropicVersion, String anthropicBeta) {
        StringBuilder canonical = new StringBuilder(256);
        canonical.append("tenant=").append(tenant).append('\n');
        canonical.append("anthropic-version=").append(anthropicVersion == null ? "" : anthropicVersion).append('\n');
        canonical.append("anthropic-beta=").append(anthropicBeta == null ? "" : anthropicBeta).append('\n');
        for (String field : FIELDS) {
            JsonNode v = body.get(field);
            canonical.append(field).append('=');
            write(canonical, v == null ? null : v);
            canonical.append('\n');
        }
        return canonical.toString();
    }

    /** Canonical JSON: object keys sorted, no whitespace, strings as Jackson writes them, numbers by value. */
    private static void write(StringBuilder out, JsonNode n) {
        if (n == null || n.isMissingNode()) {
            out.append("~");
        } else if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ",").append(Json.mapper().getNodeFactory().textNode(names.get(i))).append(':');
                write(out, n.get(names.get(i)));
            }
            out.append('}');
        } else if (n.isArray()) {
            out.append('[');
            for (int i = 0; i < n.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, n.get(i));
            }
            out.append(']');
        } else {
            out.append(n.isNumber() ? number(n) : n.toString());
        }
    }

    /**
     * A number by its value, so that 1, 1.0 and 1e0 share a key, in scientific form when that is shorter
     * (a plain 1e-300 would be 300 characters from 6). A double JSON allows but cannot hold (1e999 is
     * Infinity, which BigDecimal refuses) is written by its name.
     */
    private static String number(JsonNode n) {
        if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
            return Double.toString(n.doubleValue());
        }
        return n.decimalValue().stripTrailingZeros().toString();
    }
}
