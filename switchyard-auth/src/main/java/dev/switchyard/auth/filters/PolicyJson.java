package dev.switchyard.auth.filters;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.PolicySpec;

/** A policy as JSON: the shape of one {@code filters.policies} entry, read back by {@code FilterPolicies.parse}. */
public final class PolicyJson {
    private PolicyJson() {}

    public static ObjectNode of(PolicySpec spec) {
        ObjectNode n = Json.mapper().createObjectNode();
        ArrayNode terms = n.putArray("blocked_terms");
        spec.blockedTerms().forEach(terms::add);
        ArrayNode regexes = n.putArray("blocked_regexes");
        spec.blockedRegexes().forEach(regexes::add);
        ObjectNode pii = n.putObject("pii");
        spec.sortedPii().forEach(pii::put);
        ArrayNode custom = n.putArray("custom_patterns");
        spec.custom().forEach(c -> custom.addObject().put("name", c.name()).put("regex", c.regex())
                .put("action", c.action()));
        n.put("phone_region", spec.phoneRegion());
        return n;
    }
}
