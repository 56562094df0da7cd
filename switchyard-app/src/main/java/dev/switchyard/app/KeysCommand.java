package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchyard keys create|list|update|revoke}: virtual keys through the admin API of a running gateway. */
@Command(name = "keys", description = "Manage virtual API keys of a running gateway.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Update.class,
                KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The settable fields of a key, shared by create and update. */
    static final class KeyOptions {
        @Option(names = "--name") String name;
        @Option(names = "--tenant", description = "Tenant id (default: default).") String tenant;
        @Option(names = "--user") String user;
        @Option(names = "--model", paramLabel = "MODEL", description = "An allowed model (repeatable; none = all).")
        List<String> models = new ArrayList<>();
        @Option(names = "--rpm", description = "Requests per minute (0 = unlimited).") Long rpm;
        @Option(names = "--tpm", description = "Input+output tokens per minute (0 = unlimited).") Long tpm;
        @Option(names = "--max-concurrent") Long maxConcurrent;
        @Option(names = "--daily-budget", paramLabel = "USD") BigDecimal dailyBudget;
        @Option(names = "--monthly-budget", paramLabel = "USD") BigDecimal monthlyBudget;
        @Option(names = "--expires", paramLabel = "TIME", description = "Expiry, RFC 3339 (e.g. 2027-01-31T00:00:00Z).")
        String expires;
        @Option(names = "--tier") String tier;
        @Option(names = "--cache-policy", paramLabel = "on_request|always|never",
                description = "Response cache for requests without x-switchyard-cache (default: on_request).")
        String cachePolicy;

        ObjectNode json() {
            ObjectNode n = Json.mapper().createObjectNode();
            putIf(n, "name", name);
            putIf(n, "tenant_id", tenant);
            putIf(n, "user_id", user);
            putIf(n, "expires_at", expires);
            putIf(n, "tier", tier);
            putIf(n, "cache_policy", cachePolicy);
            if (!models.isEmpty()) {
                models.forEach(n.putArray("allowed_models")::add);
            }
            ObjectNode limits = Json.mapper().createObjectNode();
            if (rpm != null) limits.put("requests_per_minute", rpm);
            if (tpm != null) limits.put("tokens_per_minute", tpm);
            if (maxConcurrent != null) limits.put("max_concurrent", maxConcurrent);
            if (dailyBudget != null) limits.put("daily_budget_usd", dailyBudget);
            if (monthlyBudget != null) limits.put("monthly_budget_usd", monthlyBudget);
            if (!limits.isEmpty()) {
                n.set("limits", limits);
            }
            return n;
        }
    }

    @Command(name = "create", description = "Create a key; its secret is printed once.")
    static final class Create implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Mixin KeyOptions options;

        @Override
        public Integer call() {
            return run(() -> {
                JsonNode k = admin.call("POST", "/admin/keys", options.json());
                System.out.println("Created key " + k.path("id").asText() + " (tenant " + k.path("tenant_id").asText()
                        + "). Its secret, shown only this once:");
                System.out.println(k.path("key").asText());
            });
        }
    }

    @Command(name = "list", description = "List keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Option(names = "--tenant") String tenant;

        @Override
        public Integer call() {
            return run(() -> {
                JsonNode list = admin.call("GET", "/admin/keys" + (tenant == null ? "" : "?tenant_id="
                        + java.net.URLEncoder.encode(tenant, java.nio.charset.StandardCharsets.UTF_8)), null);
                Table t = new Table("ID", "PREFIX", "NAME", "TENANT", "USER", "RPM", "TPM", "DAILY_USD", "STATUS",
                        "EXPIRES");
                for (JsonNode k : list.path("data")) {
                    JsonNode l = k.path("limits");
                    t.add(k.path("id").asText(), k.path("display_prefix").asText(), text(k, "name"),
                            k.path("tenant_id").asText(), text(k, "user_id"), l.path("requests_per_minute").asText(),
                            l.path("tokens_per_minute").asText(), l.path("daily_budget_usd").asText(),
                            k.path("revoked_at").isNull() ? "active" : "revoked", text(k, "expires_at"));
                }
                t.print(System.out);
            });
        }
    }

    @Command(name = "update", description = "Change a key's fields (those given).")
    static final class Update implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Mixin KeyOptions options;
        @Parameters(paramLabel = "KEY_ID") String id;

        @Override
        public Integer call() {
            return run(() -> {
                JsonNode k = admin.call("PATCH", "/admin/keys/" + id, options.json());
                System.out.println("Updated key " + k.path("id").asText());
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a key: refused everywhere within a second.")
    static final class Revoke implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Parameters(paramLabel = "KEY_ID") String id;

        @Override
        public Integer call() {
            return run(() -> {
                JsonNode k = admin.call("DELETE", "/admin/keys/" + id, null);
                System.out.println("Revoked key " + k.path("id").asText() + " at " + k.path("revoked_at").asText());
            });
        }
    }

    interface AdminAction {
        void run() throws AdminClient.AdminError;
    }

    static int run(AdminAction action) {
        try {
            action.run();
            return 0;
        } catch (AdminClient.AdminError e) {
            System.err.println("switchyard: " + e.getMessage());
            return 1;
        }
    }

    /** Sets {@code field} only when a value was given: a field left out of an update keeps its value. */
    static void putIf(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
