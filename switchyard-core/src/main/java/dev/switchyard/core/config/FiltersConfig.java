package dev.switchyard.core.config;

import dev.switchyard.filter.PolicySpec;
import java.util.Map;

/**
 * The {@code filters:} section: named content filter policies, the default one (null: no default, requests
 * of callers without a policy are not filtered) and which tenant and which key has which policy. A key's
 * policy wins over its tenant's, a tenant's over the default. Policies set through {@code /admin/filters}
 * come on top of these (same shape, no default).
 */
public record FiltersConfig(String defaultPolicy, Map<String, PolicySpec> policies, Map<String, String> tenants,
        Map<String, String> keys) {

    public FiltersConfig {
        policies = Map.copyOf(policies);
        tenants = Map.copyOf(tenants);
        keys = Map.copyOf(keys);
    }

    public static FiltersConfig none() {
        return new FiltersConfig(null, Map.of(), Map.of(), Map.of());
    }

    /** True when no request can be filtered: no default and no assignment. */
    public boolean empty() {
        return defaultPolicy == null && tenants.isEmpty() && keys.isEmpty();
    }
}
