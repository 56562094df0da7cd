package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchyard filters list|show|set|delete|assign}: content filter policies through the admin API. */
@Command(name = "filters", description = "Manage content filter policies of a running gateway.",
        subcommands = {FiltersCommand.ListPolicies.class, FiltersCommand.Show.class, FiltersCommand.Set.class,
                FiltersCommand.Delete.class, FiltersCommand.Assign.class})
final class FiltersCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "List policies (the config file's and the admin API's) and assignments.")
    static final class ListPolicies implements Callable<Integer> {
        @Mixin AdminClient admin;

        @Override
        public Integer call() {
            return KeysCommand.run(() -> {
                JsonNode all = admin.call("GET", "/admin/filters", null);
                System.out.println("Default policy: " + (all.path("default").isNull() ? "none"
                        : all.path("default").asText()));
                Table policies = new Table("NAME", "SOURCE", "PII", "TERMS", "REGEXES", "CUSTOM");
                for (JsonNode p : all.path("data")) {
                    List<String> pii = new ArrayList<>();
                    p.path("pii").fields().forEachRemaining(e -> pii.add(e.getKey() + "=" + e.getValue().asText()));
                    policies.add(p.path("name").asText(), p.path("source").asText(), String.join(",", pii),
                            Integer.toString(p.path("blocked_terms").size()),
                            Integer.toString(p.path("blocked_regexes").size()),
                            Integer.toString(p.path("custom_patterns").size()));
                }
                policies.print(System.out);
                Table assignments = new Table("SCOPE", "ID", "POLICY", "SOURCE");
                for (JsonNode a : all.path("assignments")) {
                    assignments.add(a.path("scope").asText(), a.path("id").asText(), a.path("policy").asText(),
                            a.path("source").asText());
                }
                assignments.print(System.out);
            });
        }
    }

    @Command(name = "show", description = "Print one policy as JSON.")
    static final class Show implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return KeysCommand.run(() -> System.out.println(admin.call("GET", "/admin/filters/" + encode(name), null)
                    .toPrettyString()));
        }
    }

    @Command(name = "set", description = "Create or replace a policy (the fields not given are empty).")
    static final class Set implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--term", paramLabel = "TEXT", description = "A blocked word or phrase (repeatable).")
        List<String> terms = new ArrayList<>();
        @Option(names = "--regex", paramLabel = "REGEX", description = "A blocked regular expression (repeatable).")
        List<String> regexes = new ArrayList<>();
        @Option(names = "--pii", paramLabel = "CATEGORY=ACTION",
                description = "email|phone|card|iban|ip = allow|redact|block (repeatable).")
        List<String> pii = new ArrayList<>();
        @Option(names = "--custom", paramLabel = "NAME=ACTION=REGEX",
                description = "A custom category, e.g. EMPLOYEE_ID=redact=E\\d{6} (repeatable).")
        List<String> custom = new ArrayList<>();
        @Option(names = "--phone-region", paramLabel = "REGION",
                description = "ISO 3166 region for numbers without a country code (default: US).")
        String phoneRegion;

        @Override
        public Integer call() {
            return KeysCommand.run(() -> {
                JsonNode p = admin.call("PUT", "/admin/filters/" + encode(name), json());
                System.out.println("Saved filter policy " + p.path("name").asText());
            });
        }

        ObjectNode json() throws AdminClient.AdminError {
            ObjectNode n = Json.mapper().createObjectNode();
            terms.forEach(n.putArray("blocked_terms")::add);
            regexes.forEach(n.putArray("blocked_regexes")::add);
            ObjectNode categories = n.putObject("pii");
            for (String p : pii) {
                String[] parts = p.split("=", 2);
                if (parts.length != 2) {
                    throw new AdminClient.AdminError("--pii expects CATEGORY=ACTION, got '" + p + "'");
                }
                categories.put(parts[0], parts[1]);
            }
            ArrayNode patterns = n.putArray("custom_patterns");
            for (String c : custom) {
                String[] parts = c.split("=", 3);
                if (parts.length != 3) {
                    throw new AdminClient.AdminError("--custom expects NAME=ACTION=REGEX, got '" + c + "'");
                }
                patterns.addObject().put("name", parts[0]).put("action", parts[1]).put("regex", parts[2]);
            }
            KeysCommand.putIf(n, "phone_region", phoneRegion);
            return n;
        }
    }

    @Command(name = "delete", description = "Delete a policy set through the admin API.")
    static final class Delete implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return KeysCommand.run(() -> {
                admin.call("DELETE", "/admin/filters/" + encode(name), null);
                System.out.println("Deleted filter policy " + name);
            });
        }
    }

    @Command(name = "assign", description = "Give a tenant or a key a policy (a key's wins over its tenant's).")
    static final class Assign implements Callable<Integer> {
        @Mixin AdminClient admin;

        static final class Target {
            @Option(names = "--tenant", paramLabel = "TENANT_ID", required = true) String tenant;
            @Option(names = "--key", paramLabel = "KEY_ID", required = true) String key;
        }

        @ArgGroup(exclusive = true, multiplicity = "1") Target target;
        @Parameters(paramLabel = "POLICY", arity = "0..1", description = "The policy; left out with --none.")
        String policy;
        @Option(names = "--none", description = "Remove the assignment.") boolean none;

        @Override
        public Integer call() {
            return KeysCommand.run(() -> {
                if (none == (policy != null)) {
                    throw new AdminClient.AdminError("give a POLICY or --none");
                }
                ObjectNode body = Json.mapper().createObjectNode();
                KeysCommand.putIf(body, "tenant_id", target.tenant);
                KeysCommand.putIf(body, "key_id", target.key);
                if (none) {
                    body.putNull("policy");
                } else {
                    body.put("policy", policy);
                }
                JsonNode a = admin.call("PUT", "/admin/filters/assignments", body);
                System.out.println(a.path("scope").asText() + " " + a.path("id").asText() + ": "
                        + (a.path("policy").isNull() ? "no policy" : "policy " + a.path("policy").asText()));
            });
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
