package dev.switchyard.cluster.filter;

import dev.switchyard.cluster.RpcHandler;
import dev.switchyard.core.config.FiltersConfig;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The filter role on the role port: serves the policy set in force here, as specs (the filter service's
 * {@code PolicyFilterService::policySet}: the config's policies with the admin API's on top).
 */
public final class FilterEndpoint {
    private final Supplier<FiltersConfig> policySet;

    public FilterEndpoint(Supplier<FiltersConfig> policySet) {
        this.policySet = policySet;
    }

    public Map<String, RpcHandler> routes() {
        return Map.of(FilterWire.ROLE + "/" + FilterWire.POLICIES, call -> call.reply(policySet.get()));
    }
}
