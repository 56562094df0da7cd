package dev.switchyard.core.config;

import java.util.List;
import java.util.Set;

/**
 * How requests for one client-visible model (a name or an alias) are routed, and the most output
 * tokens a request for it may ask for ({@code 0}: the built-in table or the default, see
 * {@link OutputLimits}).
 */
public record ModelPolicy(String strategy, List<String> fallbacks, long maxOutputTokens) {
    /** The balancing strategies the upstream module implements, by their config names. */
    public static final Set<String> STRATEGIES =
            Set.of("round_robin", "random", "least_connections", "weighted", "latency", "latency_aware", "p2c");

    public ModelPolicy {
        fallbacks = List.copyOf(fallbacks);
    }

    public ModelPolicy(String strategy, List<String> fallbacks) {
        this(strategy, fallbacks, 0);
    }
}
