package dev.switchyard.core.balance;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** The load-balancing strategies a route can be configured with. */
public enum Strategy {
    ROUND_ROBIN,
    RANDOM,
    LEAST_CONNECTIONS,
    WEIGHTED,
    LATENCY;

    private static final String ALLOWED =
            "round_robin, random, least_connections, weighted, latency (aliases: latency_aware, p2c)";

    /**
     * Parses config names: round_robin, random, least_connections, weighted, latency (also
     * "latency_aware" and "p2c"); case and surrounding blanks are ignored. Throws
     * IllegalArgumentException naming the bad value and the allowed ones.
     */
    public static Strategy parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "round_robin" -> ROUND_ROBIN;
            case "random" -> RANDOM;
            case "least_connections" -> LEAST_CONNECTIONS;
            case "weighted" -> WEIGHTED;
            case "latency", "latency_aware", "p2c" -> LATENCY;
            default -> throw new IllegalArgumentException(
                    "unknown load-balancing strategy " + (name == null ? "null" : "'" + name + "'")
                            + "; allowed: " + ALLOWED);
        };
    }

    /** The canonical name accepted by {@link #parse}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A new balancer of this strategy; randomness injected so tests are deterministic. Balancers
     * are shared across event loops, so in production pass a generator that is safe for
     * concurrent use, such as {@code ThreadLocalRandom.current()} (it draws from the calling
     * thread's own state). A {@code SplittableRandom} is only safe from a single thread.
     * Required (non-null) for every strategy, so switching strategy in config never turns a
     * working call site into a failing one.
     */
    public LoadBalancer create(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return switch (this) {
            case ROUND_ROBIN -> new RoundRobinBalancer();
            case RANDOM -> new RandomBalancer(random);
            case LEAST_CONNECTIONS -> new LeastConnectionsBalancer();
            case WEIGHTED -> new WeightedBalancer();
            case LATENCY -> new LatencyBalancer(random);
        };
    }
}
