package dev.switchyard.core.balance;

/**
 * What a balancer needs to know about one upstream deployment. Implemented elsewhere by the
 * deployment's live state; balancers read these values on every pick, so they must be cheap.
 */
public interface Endpoint {
    /** Stable identity; the weighted balancer keys its per-endpoint state by it. */
    String name();

    /** Relative share of traffic for the weighted strategy; {@code >= 1}. */
    int weight();

    /** Real in-flight request count right now. */
    int inFlight();

    /** Exponentially weighted moving average of recent latency; 0 when unknown. */
    double latencyEwmaMillis();
}
