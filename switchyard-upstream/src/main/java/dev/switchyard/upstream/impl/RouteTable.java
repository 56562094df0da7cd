package dev.switchyard.upstream.impl;

import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.ModelPolicy;
import dev.switchyard.core.config.ServedModel;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.upstream.ModelInfo;
import dev.switchyard.upstream.balance.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Client-visible model ids (names and aliases) to their pools. A deployment that serves {@code "*"}
 * takes any id no other deployment names; such routes are made on first use and kept.
 */
final class RouteTable {
    static final String WILDCARD = "*";

    private final Map<String, ModelRoute> routes = new ConcurrentHashMap<>();
    private final List<Deployment> wildcard = new ArrayList<>();
    private final Map<String, ModelPolicy> policies;
    private final String defaultStrategy;
    private final RandomGenerator random;
    private final List<ModelInfo> models;

    RouteTable(SwitchyardConfig config, List<Deployment> deployments, RandomGenerator random) {
        this.policies = config.models();
        this.defaultStrategy = config.upstream().defaultStrategy();
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
        targets.forEach((id, list) -> routes.put(id, route(id, list)));
        this.models = names.stream().map(RouteTable::info).toList();
    }

    /** The pool for a client-visible id, or null when nothing serves it. */
    ModelRoute find(String id) {
        ModelRoute r = routes.get(id);
        if (r != null || wildcard.isEmpty() || id.isEmpty()) {
            return r;
        }
        return routes.computeIfAbsent(id, k -> route(k, wildcard.stream().map(d -> new Target(d, k)).toList()));
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

    Iterable<ModelRoute> configured() {
        return routes.values();
    }

    List<ModelInfo> models() {
        return models;
    }

    private ModelRoute route(String id, List<Target> list) {
        ModelPolicy policy = policies.get(id);
        String strategy = policy != null && policy.strategy() != null ? policy.strategy() : defaultStrategy;
        List<String> fallbacks = policy == null ? List.of() : policy.fallbacks();
        return new ModelRoute(id, List.copyOf(list), Strategy.parse(strategy).create(random), fallbacks);
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
