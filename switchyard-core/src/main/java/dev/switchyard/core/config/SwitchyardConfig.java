package dev.switchyard.core.config;

import dev.switchyard.core.pricing.PriceTable;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, immutable. A reload builds a new one and swaps it in whole.
 * Client keys are secrets: {@link #toString()} counts them and never prints them.
 */
public record SwitchyardConfig(
        ServerConfig server,
        List<String> clientKeys,
        UpstreamConfig upstream,
        List<DeploymentConfig> deployments,
        Map<String, ModelPolicy> models,
        AuthConfig auth,
        PriceTable pricing,
        CacheConfig cache,
        ConversationConfig conversations,
        RegistryConfig registry,
        FiltersConfig filters,
        ClusterConfig cluster,
        TelemetryConfig telemetry) {

    public SwitchyardConfig {
        clientKeys = List.copyOf(clientKeys);
        deployments = List.copyOf(deployments);
        models = Map.copyOf(models);
        auth = auth == null ? AuthConfig.disabled() : auth;
        pricing = pricing == null ? PriceTable.defaultTable() : pricing;
        cache = cache == null ? CacheConfig.disabled() : cache;
        conversations = conversations == null ? ConversationConfig.disabled() : conversations;
        registry = registry == null ? RegistryConfig.defaults() : registry;
        filters = filters == null ? FiltersConfig.none() : filters;
        cluster = cluster == null ? ClusterConfig.allInOne() : cluster;
        telemetry = telemetry == null ? TelemetryConfig.defaults() : telemetry;
    }

    /** With the default telemetry (no export, recent traces kept in memory). */
    public SwitchyardConfig(ServerConfig server, List<String> clientKeys, UpstreamConfig upstream,
            List<DeploymentConfig> deployments, Map<String, ModelPolicy> models, AuthConfig auth, PriceTable pricing,
            CacheConfig cache, ConversationConfig conversations, RegistryConfig registry, FiltersConfig filters,
            ClusterConfig cluster) {
        this(server, clientKeys, upstream, deployments, models, auth, pricing, cache, conversations, registry, filters,
                cluster, null);
    }

    /** Every role in this process (no {@code cluster:} section). */
    public SwitchyardConfig(ServerConfig server, List<String> clientKeys, UpstreamConfig upstream,
            List<DeploymentConfig> deployments, Map<String, ModelPolicy> models, AuthConfig auth, PriceTable pricing,
            CacheConfig cache, ConversationConfig conversations, RegistryConfig registry, FiltersConfig filters) {
        this(server, clientKeys, upstream, deployments, models, auth, pricing, cache, conversations, registry, filters,
                null);
    }

    /** Without content filter policies. */
    public SwitchyardConfig(ServerConfig server, List<String> clientKeys, UpstreamConfig upstream,
            List<DeploymentConfig> deployments, Map<String, ModelPolicy> models, AuthConfig auth, PriceTable pricing,
            CacheConfig cache, ConversationConfig conversations, RegistryConfig registry) {
        this(server, clientKeys, upstream, deployments, models, auth, pricing, cache, conversations, registry, null);
    }

    /** Without a registry section (every role in this process) and without content filter policies. */
    public SwitchyardConfig(ServerConfig server, List<String> clientKeys, UpstreamConfig upstream,
            List<DeploymentConfig> deployments, Map<String, ModelPolicy> models, AuthConfig auth, PriceTable pricing,
            CacheConfig cache, ConversationConfig conversations) {
        this(server, clientKeys, upstream, deployments, models, auth, pricing, cache, conversations, null, null);
    }

    /** Without the cache and conversation services. */
    public SwitchyardConfig(ServerConfig server, List<String> clientKeys, UpstreamConfig upstream,
            List<DeploymentConfig> deployments, Map<String, ModelPolicy> models, AuthConfig auth, PriceTable pricing) {
        this(server, clientKeys, upstream, deployments, models, auth, pricing, null, null);
    }

    /** Without the auth service: config client keys only, no limits, no ledger. */
    public SwitchyardConfig(ServerConfig server, List<String> clientKeys, UpstreamConfig upstream,
            List<DeploymentConfig> deployments, Map<String, ModelPolicy> models) {
        this(server, clientKeys, upstream, deployments, models, AuthConfig.disabled(), PriceTable.defaultTable(), null,
                null);
    }

    public SwitchyardConfig withClientKeys(List<String> keys) {
        return new SwitchyardConfig(server, keys, upstream, deployments, models, auth, pricing, cache, conversations,
                registry, filters, cluster, telemetry);
    }

    public SwitchyardConfig withServer(ServerConfig newServer) {
        return new SwitchyardConfig(newServer, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry, filters, cluster, telemetry);
    }

    public SwitchyardConfig withAuth(AuthConfig newAuth) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, newAuth, pricing, cache,
                conversations, registry, filters, cluster, telemetry);
    }

    public SwitchyardConfig withCache(CacheConfig newCache) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, newCache,
                conversations, registry, filters, cluster, telemetry);
    }

    public SwitchyardConfig withConversations(ConversationConfig newConversations) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                newConversations, registry, filters, cluster, telemetry);
    }

    public SwitchyardConfig withRegistry(RegistryConfig newRegistry) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, newRegistry, filters, cluster, telemetry);
    }

    public SwitchyardConfig withFilters(FiltersConfig newFilters) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry, newFilters, cluster, telemetry);
    }

    public SwitchyardConfig withCluster(ClusterConfig newCluster) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry, filters, newCluster, telemetry);
    }

    public SwitchyardConfig withTelemetry(TelemetryConfig newTelemetry) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry, filters, cluster, newTelemetry);
    }

    @Override
    public String toString() {
        return "SwitchyardConfig[server=" + server + ", clientKeys=<" + clientKeys.size() + " redacted>, upstream="
                + upstream + ", deployments=" + deployments + ", models=" + models + ", auth=" + auth + ", cache=" + cache
                + ", conversations=" + conversations + ", registry=" + registry + ", filters=" + filters + ", cluster=" + cluster
                + ", telemetry=" + telemetry + "]";
    }
}
