package dev.switchyard.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.admin.UsageReports;
import dev.switchyard.auth.ledger.UsageQuery;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /admin/usage?key_id=&tenant_id=&model=&from=&to=&group_by=model|key|tenant|day}: totals from
 * the usage ledger. {@code from}/{@code to} take an RFC 3339 time or a date (UTC midnight); {@code to}
 * is exclusive.
 */
final class UsageReport implements UsageReports {
    private final UsageQuery query;

    UsageReport(UsageQuery query) {
        this.query = query;
    }

    @Override
    public ObjectNode report(Map<String, String> params) {
        UsageQuery.Filter filter = new UsageQuery.Filter(params.get("key_id"), params.get("tenant_id"),
                params.get("model"), time(params, "from"), time(params, "to"));
        UsageQuery.GroupBy groupBy = groupBy(params.get("group_by"));
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("group_by", groupBy == null ? null : groupBy.name().toLowerCase(Locale.ROOT));
        ArrayNode data = out.putArray("data");
        for (UsageQuery.Row r : query.totals(filter, groupBy)) {
            ObjectNode row = data.addObject();
            row.put("group", r.group());
            row.put("requests", r.requests());
            row.put("input_tokens", r.inputTokens());
            row.put("output_tokens", r.outputTokens());
            row.put("cache_creation_input_tokens", r.cacheCreationTokens());
            row.put("cache_read_input_tokens", r.cacheReadTokens());
            row.put("cost_usd", BigDecimal.valueOf(r.costMicros(), 6).stripTrailingZeros().toPlainString());
            row.put("errors", r.errors());
        }
        return out;
    }

    private static UsageQuery.GroupBy groupBy(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UsageQuery.GroupBy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("group_by: expected model, key, tenant or day, got '" + value + "'");
        }
    }

    private static Instant time(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest(name + ": expected an RFC 3339 time or a date (2026-11-27), got '" + v
                    + "'");
        }
    }
}
