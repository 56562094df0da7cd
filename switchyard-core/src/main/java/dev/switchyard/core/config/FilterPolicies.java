package dev.switchyard.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.filter.PolicySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads content filter policies: the {@code filters:} section of the config file, and one policy sent to
 * {@code /admin/filters} (same keys, so both are checked by the same code). Every problem names its key
 * and the bad value.
 */
public final class FilterPolicies {
    /** Policy names: safe as metric labels and in error messages. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());
    private static final Set<String> POLICY_KEYS =
            Set.of("blocked_terms", "blocked_regexes", "pii", "custom_patterns", "phone_region");

    private FilterPolicies() {}

    /** One policy from JSON (the admin API's body); a bad one throws a {@link ConfigException} listing its problems. */
    public static PolicySpec parse(String name, JsonNode json) {
        List<String> problems = new ArrayList<>();
        Node n = new Node(json, "filters.policies." + name, problems);
        if (!n.isMapping()) {
            n.problem("expected a mapping");
        }
        PolicySpec spec = policy(name, n);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return spec;
    }

    static FiltersConfig read(Node n) {
        if (!n.present()) {
            return FiltersConfig.none();
        }
        n.allowOnly(Set.of("default", "policies", "tenants", "keys"));
        Map<String, PolicySpec> policies = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.get("policies").entries()) {
            policies.put(e.getKey(), policy(e.getKey(), e.getValue()));
        }
        String dflt = n.get("default").text(null);
        if (dflt != null && !policies.containsKey(dflt)) {
            n.get("default").problem("no policy named '" + dflt + "' in filters.policies");
            dflt = null;
        }
        return new FiltersConfig(dflt, policies, assignments(n.get("tenants"), policies),
                assignments(n.get("keys"), policies));
    }

    private static Map<String, String> assignments(Node n, Map<String, PolicySpec> policies) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.entries()) {
            String policy = e.getValue().text(null);
            if (policy == null || !policies.containsKey(policy)) {
                e.getValue().problem("no policy named '" + policy + "' in filters.policies");
            } else {
                out.put(e.getKey(), policy);
            }
        }
        return out;
    }

    private static PolicySpec policy(String name, Node n) {
        if (!NAME.matcher(name).matches()) {
            n.problem("policy name must be 1-64 of A-Z, a-z, 0-9, _ . - starting with a letter or digit, got '"
                    + name + "'");
        }
        n.allowOnly(POLICY_KEYS);
        List<String> regexes = n.get("blocked_regexes").strings();
        for (int i = 0; i < regexes.size(); i++) {
            checkRegex(n.get("blocked_regexes"), i, regexes.get(i));
        }
        Map<String, String> pii = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.get("pii").entries()) {
            if (!PolicySpec.CATEGORIES.contains(e.getKey())) {
                e.getValue().problem("unknown PII category '" + e.getKey() + "' (known: "
                        + String.join(", ", PolicySpec.CATEGORIES) + ")");
            }
            pii.put(e.getKey(), action(e.getValue()));
        }
        String region = n.get("phone_region").text("US");
        if (!REGIONS.contains(region)) {
            n.get("phone_region").problem("must be an ISO 3166 region such as US, got '" + region + "'");
        }
        return new PolicySpec(name, n.get("blocked_terms").strings(), regexes, pii, custom(n.get("custom_patterns")),
                region);
    }

    private static List<PolicySpec.Custom> custom(Node n) {
        List<PolicySpec.Custom> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node c : n.list()) {
            c.allowOnly(Set.of("name", "regex", "action"));
            String name = c.get("name").text("");
            if (!CUSTOM_NAME.matcher(name).matches()
                    || PolicySpec.CATEGORIES.contains(name.toLowerCase(Locale.ROOT))) {
                c.get("name").problem("must be 1-32 of A-Z, 0-9, _ starting with a letter and not a built-in "
                        + "category, got '" + name + "'");
            } else if (!names.add(name)) {
                c.get("name").problem("duplicate custom pattern '" + name + "'");
            }
            String regex = c.get("regex").text("");
            if (regex.isEmpty()) {
                c.get("regex").problem("is required");
            } else {
                checkRegex(c, -1, regex);
            }
            out.add(new PolicySpec.Custom(name, regex, action(c.get("action"))));
        }
        return out;
    }

    private static String action(Node n) {
        String action = n.text(null);
        if (action == null || !PolicySpec.ACTIONS.contains(action)) {
            n.problem("unknown action '" + action + "' (known: " + String.join(", ", PolicySpec.ACTIONS) + ")");
            return "allow";
        }
        return action;
    }

    private static void checkRegex(Node n, int index, String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            Node at = index < 0 ? n.get("regex") : n.list().get(index);
            at.problem("not a valid regular expression: '" + regex + "' (" + e.getDescription() + ")");
        }
    }
}
