package dev.switchyard.filter.service;

import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.filter.ContentPolicy;
import dev.switchyard.filter.PolicySpec;
import dev.switchyard.filter.policy.TextFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content filter service in this process: the config's policies, with those set through the admin API
 * on top ({@link #update}), compiled once each. A lookup reads one immutable snapshot: key, then tenant,
 * then the default; with no policy at all it returns at once.
 */
public final class PolicyFilterService implements ContentFilter {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFilterService.class);

    private final FiltersConfig config;
    /** Compiled policies by their spec: an unchanged policy is not compiled again on a refresh. */
    private final Map<PolicySpec, TextFilter> compiled = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    private record Snapshot(String defaultPolicy, Map<String, TextFilter> policies, Map<String, String> tenants,
            Map<String, String> keys, FiltersConfig specs) {
        boolean empty() {
            return defaultPolicy == null && tenants.isEmpty() && keys.isEmpty();
        }
    }

    /** Compiles the config's policies; one the engine refuses (such as an unknown phone region) fails the start. */
    public PolicyFilterService(FiltersConfig config) {
        this.config = config;
        List<String> problems = new ArrayList<>();
        for (PolicySpec spec : config.policies().values()) {
            try {
                compiled.put(spec, TextFilter.compile(Specs.toPolicy(spec)));
            } catch (IllegalArgumentException e) {
                problems.add("filters.policies." + spec.name() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        this.snapshot = snapshot(FiltersConfig.none());
    }

    /** Swaps in the policies and assignments of the admin API (they win over the config's on the same name). */
    public void update(FiltersConfig stored) {
        snapshot = snapshot(stored);
    }

    /**
     * The policies in force as specs: the config's with the admin API's on top, and the default. What the
     * filter role serves to other processes, which compile it themselves ({@code new PolicyFilterService(set)}).
     */
    public FiltersConfig policySet() {
        return snapshot.specs();
    }

    @Override
    public ContentPolicy policyFor(String tenantId, String keyId) {
        Snapshot s = snapshot;
        if (s.empty()) {
            return null;
        }
        String name = keyId == null ? null : s.keys().get(keyId);
        if (name == null && tenantId != null) {
            name = s.tenants().get(tenantId);
        }
        if (name == null) {
            name = s.defaultPolicy();
        }
        return name == null ? null : s.policies().get(name);
    }

    private Snapshot snapshot(FiltersConfig stored) {
        Map<String, PolicySpec> specs = new HashMap<>(config.policies());
        specs.putAll(stored.policies());
        Map<String, TextFilter> policies = new HashMap<>();
        specs.forEach((name, spec) -> {
            TextFilter filter = compile(spec);
            if (filter != null) {
                policies.put(name, filter);
            }
        });
        compiled.keySet().retainAll(specs.values());
        Map<String, String> tenants = new HashMap<>(config.tenants());
        tenants.putAll(stored.tenants());
        Map<String, String> keys = new HashMap<>(config.keys());
        keys.putAll(stored.keys());
        return new Snapshot(config.defaultPolicy(), Map.copyOf(policies), Map.copyOf(tenants), Map.copyOf(keys),
                new FiltersConfig(config.defaultPolicy(), compiledOnly(specs, policies), tenants, keys));
    }

    /** The specs of the policies in force: one the engine refused is not passed on either. */
    private static Map<String, PolicySpec> compiledOnly(Map<String, PolicySpec> specs, Map<String, TextFilter> policies) {
        Map<String, PolicySpec> out = new HashMap<>(specs);
        out.keySet().retainAll(policies.keySet());
        return out;
    }

    private TextFilter compile(PolicySpec spec) {
        try {
            return compiled.computeIfAbsent(spec, s -> TextFilter.compile(Specs.toPolicy(s)));
        } catch (IllegalArgumentException e) {
            // the admin API checked it; an engine that still refuses it leaves the policy out, loudly
            LOG.warn("content filter policy '{}' cannot be compiled and is not applied: {}", spec.name(),
                    e.getMessage());
            return null;
        }
    }
}
