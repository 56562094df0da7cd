package dev.switchyard.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Quota;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.auth.keys.KeySpec;
import dev.switchyard.auth.keys.Tenant;
import dev.switchyard.auth.keys.VirtualKey;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/** JSON in and out of the admin API. Input errors name the field and the bad value. */
final class Views {
    private static final Set<String> KEY_FIELDS = Set.of("name", "tenant_id", "user_id", "allowed_models", "limits",
            "expires_at", "tier", "cache_policy");
    private static final Set<String> LIMIT_FIELDS = Set.of("requests_per_minute", "tokens_per_minute",
            "max_concurrent", "daily_budget_usd", "monthly_budget_usd");

    private Views() {}

    static ObjectNode key(VirtualKey k) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("type", "api_key");
        n.put("id", k.id());
        n.put("name", k.name());
        n.put("display_prefix", k.displayPrefix());
        n.put("tenant_id", k.tenantId());
        n.put("user_id", k.userId());
        ArrayNode models = n.putArray("allowed_models");
        k.allowedModels().stream().sorted().forEach(models::add);
        n.set("limits", limits(k.quota()));
        n.put("expires_at", text(k.expiresAt()));
        n.put("tier", k.tier());
        n.put("cache_policy", k.cachePolicy().configName());
        n.put("created_at", text(k.createdAt()));
        n.put("updated_at", text(k.updatedAt()));
        n.put("revoked_at", text(k.revokedAt()));
        return n;
    }

    static ObjectNode tenant(Tenant t) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("type", "tenant");
        n.put("id", t.id());
        n.put("name", t.name());
        n.set("limits", limits(t.quota()));
        n.put("created_at", text(t.createdAt()));
        n.put("updated_at", text(t.updatedAt()));
        return n;
    }

    static ObjectNode limits(Quota q) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("requests_per_minute", q.requestsPerMinute());
        n.put("tokens_per_minute", q.tokensPerMinute());
        n.put("max_concurrent", q.maxConcurrent());
        n.put("daily_budget_usd", usd(q.dailyBudgetMicros()));
        n.put("monthly_budget_usd", usd(q.monthlyBudgetMicros()));
        return n;
    }

    static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }

    /** A create or update body. On update, a field left out keeps its value. */
    static KeySpec keySpec(JsonNode body, Quota current) {
        object(body, "request body");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KEY_FIELDS.contains(f)) {
                throw ApiException.invalidRequest(f + ": unknown field (known: " + String.join(", ",
                        KEY_FIELDS.stream().sorted().toList()) + ")");
            }
        }
        return new KeySpec(text(body, "name"), text(body, "tenant_id"), text(body, "user_id"), models(body),
                body.has("limits") ? quota(body.get("limits"), current) : null, expiry(body), text(body, "tier"),
                cachePolicy(body));
    }

    private static CachePolicy cachePolicy(JsonNode body) {
        String value = text(body, "cache_policy");
        try {
            return value == null ? null : CachePolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("cache_policy: " + e.getMessage());
        }
    }

    static Quota quota(JsonNode n, Quota current) {
        object(n, "limits");
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!LIMIT_FIELDS.contains(f)) {
                throw ApiException.invalidRequest("limits." + f + ": unknown field (known: " + String.join(", ",
                        LIMIT_FIELDS.stream().sorted().toList()) + ")");
            }
        }
        Quota c = current == null ? Quota.UNLIMITED : current;
        return new Quota(count(n, "requests_per_minute", c.requestsPerMinute()),
                count(n, "tokens_per_minute", c.tokensPerMinute()),
                (int) Math.min(Integer.MAX_VALUE, count(n, "max_concurrent", c.maxConcurrent())),
                micros(n, "daily_budget_usd", c.dailyBudgetMicros()),
                micros(n, "monthly_budget_usd", c.monthlyBudgetMicros()));
    }

    static void object(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw ApiException.invalidRequest(what + ": expected a JSON object");
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 200) {
            throw ApiException.invalidRequest(field + ": expected a non-empty string of at most 200 characters");
        }
        return v.asText();
    }

    private static Set<String> models(JsonNode body) {
        JsonNode v = body.get("allowed_models");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.invalidRequest("allowed_models: expected a list of model names");
        }
        Set<String> models = new LinkedHashSet<>();
        for (JsonNode m : v) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw ApiException.invalidRequest("allowed_models: every entry must be a model name, got " + m);
            }
            models.add(m.asText());
        }
        return models;
    }

    private static Instant expiry(JsonNode body) {
        JsonNode v = body.get("expires_at");
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            return KeySpec.NO_EXPIRY;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest("expires_at: expected an RFC 3339 time like 2027-01-31T00:00:00Z, got "
                    + v);
        }
    }

    /** The largest rate a limit takes: what the limit scripts accept (far above any real limit). */
    private static final long MAX_COUNT = 1_000_000_000_000_000L;

    private static long count(JsonNode n, String field, long dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > MAX_COUNT) {
            throw ApiException.invalidRequest("limits." + field + ": expected a whole number from 0 (unlimited) to "
                    + MAX_COUNT + ", got " + v);
        }
        return v.asLong();
    }

    private static long micros(JsonNode n, String field, long dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        // 1e999 parses as Infinity, which decimalValue() refuses with an exception (a 500).
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.decimalValue().signum() < 0
                || v.decimalValue().compareTo(BigDecimal.valueOf(1e9)) > 0) {
            throw ApiException.invalidRequest("limits." + field + ": expected an amount in USD >= 0 (0 = unlimited), got "
                    + v);
        }
        return v.decimalValue().movePointRight(6).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
