package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchyard usage}: the usage ledger's totals, as {@code GET /admin/usage} reports them. */
@Command(name = "usage", description = "Print usage totals from a running gateway's ledger.")
final class UsageCommand implements Callable<Integer> {
    @Mixin AdminClient admin;
    @Option(names = "--key", paramLabel = "KEY_ID") String key;
    @Option(names = "--tenant") String tenant;
    @Option(names = "--model") String model;
    @Option(names = "--from", paramLabel = "TIME", description = "RFC 3339 time or date.") String from;
    @Option(names = "--to", paramLabel = "TIME", description = "RFC 3339 time or date.") String to;
    @Option(names = "--group-by", paramLabel = "model|key|tenant|day") String groupBy;

    @Override
    public Integer call() {
        return KeysCommand.run(() -> {
            JsonNode report = admin.call("GET", "/admin/usage" + query(), null);
            Table t = new Table(groupBy == null ? "TOTAL" : groupBy.toUpperCase(java.util.Locale.ROOT), "REQUESTS",
                    "INPUT_TOKENS", "OUTPUT_TOKENS", "CACHE_WRITE", "CACHE_READ", "COST_USD", "ERRORS");
            for (JsonNode r : report.path("data")) {
                t.add(r.path("group").asText("all"), r.path("requests").asText(), r.path("input_tokens").asText(),
                        r.path("output_tokens").asText(), r.path("cache_creation_input_tokens").asText(),
                        r.path("cache_read_input_tokens").asText(), r.path("cost_usd").asText(),
                        r.path("errors").asText());
            }
            t.print(System.out);
        });
    }

    private String query() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("key_id", key);
        p.put("tenant_id", tenant);
        p.put("model", model);
        p.put("from", from);
        p.put("to", to);
        p.put("group_by", groupBy);
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        p.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }
}
