package dev.switchyard.cluster.filter;

/**
 * The filter role's one call: the policy set in force ({@link dev.switchyard.core.config.FiltersConfig}, which
 * is plain records and round-trips as JSON). Policies are not looked up per request across the hop: callers
 * fetch the whole set, which is small, and answer from memory.
 */
final class FilterWire {
    static final String ROLE = "filter";
    static final String POLICIES = "policies";

    private FilterWire() {}
}
