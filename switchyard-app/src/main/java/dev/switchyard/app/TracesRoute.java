package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.admin.AdminApi;
import dev.switchyard.auth.admin.AdminRoute;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.telemetry.RecentTraces;
import dev.switchyard.telemetry.TraceViews;
import java.util.Map;

/**
 * {@code GET /admin/traces[?limit=N]} (the recent traces of this process, newest first) and
 * {@code GET /admin/traces/{trace_id}} (one trace's span tree). Served by the process that serves the
 * admin API, and by a gateway whose auth role runs elsewhere ({@link GatewayAdmin}), each with its own.
 */
final class TracesRoute {
    private static final int DEFAULT_LIMIT = 100;

    private TracesRoute() {}

    static void register(AdminApi admin, RecentTraces recent) {
        admin.route("traces", of(recent));
    }

    static AdminRoute of(RecentTraces recent) {
        return (method, id, params, body) -> answer(recent, method, id, params);
    }

    private static JsonNode answer(RecentTraces recent, String method, String id, Map<String, String> params) {
        if (!"GET".equals(method)) {
            throw ApiException.invalidRequest("method " + method + " is not allowed on /admin/traces");
        }
        if (id == null) {
            return TraceViews.list(recent.list(limit(params.get("limit"))));
        }
        if (!id.matches("[0-9a-f]{32}")) {
            throw ApiException.invalidRequest("trace_id: expected 32 lowercase hex digits");
        }
        return TraceViews.tree(recent.get(id).orElseThrow(
                () -> ApiException.notFound("no recent trace " + id + " (kept: the last traces sampled, failed, or"
                        + " picked by telemetry.recent_traces.ratio)")));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.invalidRequest("limit: expected a whole number from 1 to 10000, got '"
                + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
    }
}
