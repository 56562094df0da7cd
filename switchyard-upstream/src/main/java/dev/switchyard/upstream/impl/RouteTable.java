package dev.switchyard.upstream.impl;

import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.ModelPolicy;
import dev.switchyard.core.config.ServedModel;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.upstream.UpstreamMetrics;
import dev.switchyard.core.balance.LoadBalancer;
import dev.switchyard.core.balance.Strategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Client-visible model ids (names and aliases) to their pools. A deployment that serves {@code "*"}
 * takes any id no other deployment names. Only ids the configuration names (a served model, an alias, an
 * entry of {@code models:} or a fallback) have a route kept here, labelled by that id; a route for any
 * other id is made per request and forgotten, labelled {@link UpstreamMetrics#OTHER}, so ids a client
 * invents grow neither this table nor the metrics. Those routes share one balancer: its state is about
 * the wildcard deployments, whatever model a request names.
 */
final class RouteTable {
    static final String WILDCARD = "*";

    private final Map<String, ModelRoute> routes = new HashMap<>();
    private final List<Deployment> wildcard = new ArrayList<>();
    private final Map<String, ModelPolicy> policies;
    private final String defaultStrategy;
    private final RandomGenerator random;
    private final List<ModelInfo> models;
    private final LoadBalancer wildcardBalancer;

    RouteTable(SwitchyardConfig config, List<Deployment> deployments, RandomGenerator random) {
        this(config.models(), config.upstream().defaultStrategy(), deployments, random);
    }

    RouteTable(Map<String, ModelPolicy> policies, String defaultStrategy, List<Deployment> deployments,
            RandomGenerator random) {
        this.policies = policies;
        this.defaultStrategy = defaultStrategy;
        this.random = random;
        Map<String, List<Target>> targets = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (Deployment d : deployments) {
            for (ServedModel m : d.config().models()) {
                if (WILDCARD.equals(m.name())) {
                    wildcard.add(d);
                    continue;
                }
                names.add(m.name());
                targets.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(new Target(d, m.name()));
                for (String alias : m.aliases()) {
                    targets.computeIfAbsent(alias, k -> new ArrayList<>()).add(new Target(d, m.name()));
                }
            }
        }
        targets.forEach((id, list) -> routes.put(id, route(id, list, strategy(policies.get(id)))));
        this.wildcardBalancer = strategy(policies.get(WILDCARD));
        if (!wildcard.isEmpty()) {
            // Ids the config names but only the wildcard serves: named, so kept and labelled by name.
            Set<String> named = new LinkedHashSet<>(policies.keySet());
            policies.values().forEach(p -> named.addAll(p.fallbacks()));
            named.removeIf(id -> routes.containsKey(id) || id.isEmpty() || WILDCARD.equals(id));
            named.forEach(id -> routes.put(id, route(id, wildcardTargets(id), strategy(policies.get(id)))));
        }
        this.models = names.stream().map(RouteTable::info).toList();
    }

    /** The pool for a client-visible id, or null when nothing serves it. */
    ModelRoute find(String id) {
        ModelRoute r = routes.get(id);
        if (r != null || wildcard.isEmpty() || id.isEmpty()) {
            return r;
        }
        return new ModelRoute(id, UpstreamMetrics.OTHER, wildcardTargets(id), wildcardBalancer, List.of());
    }

    /** The metric label of an id: the id when the configuration names it, else {@link UpstreamMetrics#OTHER}. */
    String label(String id) {
        ModelRoute r = id == null ? null : routes.get(id);
        return r == null ? UpstreamMetrics.OTHER : r.label();
    }

    /** The route and then its fallbacks, in order, each once. */
    List<ModelRoute> chain(ModelRoute first) {
        List<ModelRoute> chain = new ArrayList<>(2);
        chain.add(first);
        for (int i = 0; i < chain.size(); i++) {
            for (String fb : chain.get(i).fallbacks()) {
                ModelRoute next = find(fb);
                if (next != null && !chain.contains(next)) {
                    chain.add(next);
                }
            }
        }
        return chain;
    }

    /** Every route kept: the configured ones. */
    Iterable<ModelRoute> configured() {
        return routes.values();
    }

    /** How many routes are kept (for tests: never more than the configuration names). */
    int retained() {
        return routes.size();
    }

    List<ModelInfo> models() {
        return models;
    }

    private List<Target> wildcardTargets(String id) {
        List<Target> list = new ArrayList<>(wildcard.size());
        wildcard.forEach(d -> list.add(new Target(d, id)));
        return list;
    }

    private LoadBalancer strategy(ModelPolicy policy) {
        String strategy = policy != null && policy.strategy() != null ? policy.strategy() : defaultStrategy;
        return Strategy.parse(strategy).create(random);
    }

    /** A configured route: the configuration names its id, so the id is its label. */
    private ModelRoute route(String id, List<Target> list, LoadBalancer balancer) {
        ModelPolicy policy = policies.get(id);
        List<String> fallbacks = policy == null ? List.of() : policy.fallbacks();
        return new ModelRoute(id, id, List.copyOf(list), balancer, fallbacks);
    }

    /** "claude-sonnet-4-6" shows as "Claude Sonnet 4.6", the way the API names its models. */
    static ModelInfo info(String id) {
        StringBuilder name = new StringBuilder();
        boolean lastWasNumber = false;
        for (String part : id.split("-")) {
            boolean number = !part.isEmpty() && part.chars().allMatch(Character::isDigit);
            if (number && part.length() == 8) {
                continue; // a date suffix
            }
            if (name.length() > 0) {
                name.append(number && lastWasNumber ? "." : " ");
            }
            name.append(number ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1));
            lastWasNumber = number;
        }
        return new ModelInfo(id, name.toString(), "2025-01-01T00:00:00Z");
    }
}
