package dev.switchyard.core.config;

import java.util.List;
import java.util.Set;

/** How requests for one client-visible model (a name or an alias) are routed. */
public record ModelPolicy(String strategy, List<String> fallbacks) {
    /** The balancing strategies the upstream module implements, by their config names. */
    public static final Set<String> STRATEGIES =
            Set.of("round_robin", "random", "least_connections", "weighted", "latency", "latency_aware", "p2c");

    public ModelPolicy {
        fallbacks = List.copyOf(fallbacks);
    }
}
