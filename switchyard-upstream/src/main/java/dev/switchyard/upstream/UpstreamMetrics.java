package dev.switchyard.upstream;

/** Metric and tag names of the upstream caller. */
public final class UpstreamMetrics {
    public static final String UPSTREAM_REQUESTS = "switchyard.upstream.requests";
    public static final String UPSTREAM_LATENCY = "switchyard.upstream.latency";
    public static final String RETRIES = "switchyard.upstream.retries";
    public static final String FALLBACKS = "switchyard.upstream.fallbacks";
    public static final String BREAKER_STATE = "switchyard.upstream.breaker.state";
    public static final String BREAKER_TRANSITIONS = "switchyard.upstream.breaker.transitions";
    public static final String IN_FLIGHT = "switchyard.upstream.in_flight";

    public static final String TAG_DEPLOYMENT = "deployment";
    public static final String TAG_MODEL = "model";
    public static final String TAG_STATUS = "status";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_FROM = "from";
    public static final String TAG_TO = "to";
    public static final String TAG_STATE = "state";
    public static final String TAG_REASON = "reason";

    /** The model label of every id the configuration does not name (a client's own through a "*" deployment). */
    public static final String OTHER = dev.switchyard.claude.ClaudeService.OTHER_MODEL;

    private UpstreamMetrics() {}
}
