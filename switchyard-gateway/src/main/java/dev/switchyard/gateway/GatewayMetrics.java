package dev.switchyard.gateway;

/** Metric and tag names of the gateway. */
public final class GatewayMetrics {
    public static final String REQUESTS = "switchyard.requests";
    public static final String REQUEST_LATENCY = "switchyard.request.latency";
    public static final String TIME_TO_FIRST_TOKEN = "switchyard.time_to_first_token";
    public static final String TOKENS = "switchyard.tokens";
    public static final String IN_FLIGHT_REQUESTS = "switchyard.in_flight.requests";
    /** Streams open now (gauge), by model and deployment. */
    public static final String IN_FLIGHT_STREAMS = "switchyard.in_flight.streams";
    /** Streams from the upstream's first byte to their end however they ended, by model and deployment. */
    public static final String STREAM_DURATION = "switchyard.stream.duration";
    /**
     * Output tokens per second of each stream that ended with usage, from its first content to its end
     * (a summary: its quantiles are the streams' speeds), by model and deployment.
     */
    public static final String STREAM_TOKENS_PER_SECOND = "switchyard.stream.output.tokens.per.second";
    /** What answered requests cost at the configured prices, in US dollars (cache hits cost nothing), by model. */
    public static final String COST = "switchyard.cost.usd";
    public static final String STREAM_ERRORS = "switchyard.stream.errors";
    /**
     * Tokens by tenant and direction, and cost by tenant: the tenant is the key's, as the auth store holds it
     * (set by operators through the admin API, never by a request), and past {@link #MAX_TENANT_LABELS}
     * tenants in one process the rest count under {@link #OTHER_TENANT}, so the series stay bounded.
     */
    public static final String TENANT_TOKENS = "switchyard.tenant.tokens";
    public static final String TENANT_COST = "switchyard.tenant.cost.usd";
    public static final int MAX_TENANT_LABELS = 200;
    public static final String OTHER_TENANT = "other";
    /** The tenant label of a key that belongs to no tenant. */
    public static final String NO_TENANT = "none";
    /** Content filter findings by policy, category ({@code EMAIL}, a custom name...), action and direction. */
    public static final String FILTER_ACTIONS = "switchyard.filter.actions";

    public static final String TAG_ROUTE = "route";
    public static final String TAG_MODEL = "model";
    public static final String TAG_DEPLOYMENT = "deployment";
    public static final String TAG_STATUS = "status";
    public static final String TAG_DIRECTION = "direction";
    public static final String TAG_REASON = "reason";
    public static final String TAG_POLICY = "policy";
    public static final String TAG_CATEGORY = "category";
    public static final String TAG_ACTION = "action";
    public static final String TAG_TENANT = "tenant";

    /** The model label of a request that never named a servable model (refused before routing). */
    public static final String NO_MODEL = "-";

    private GatewayMetrics() {}
}
