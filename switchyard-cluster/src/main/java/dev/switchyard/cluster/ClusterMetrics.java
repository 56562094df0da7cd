package dev.switchyard.cluster;

/** Metric and tag names of the calls between roles. Tag values are role and method names, never client input. */
public final class ClusterMetrics {
    /**
     * Calls to another role that failed (unreachable, timed out, an error) and were answered by the
     * interface's own fallback instead: a cache miss or a dropped write, the filter's last good policy set,
     * an unknown language. Tags {@link #TAG_ROLE}, {@link #TAG_METHOD}.
     */
    public static final String FALLBACKS = "switchyard.cluster.fallbacks";

    public static final String TAG_ROLE = "role";
    public static final String TAG_METHOD = "method";

    private ClusterMetrics() {}
}
