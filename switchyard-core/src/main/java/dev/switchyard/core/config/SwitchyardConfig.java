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
        ClusterConfig cluster) {

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
                registry, filters, cluster);
    }

    public SwitchyardConfig withServer(ServerConfig newServer) {
        return new SwitchyardConfig(newServer, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry, filters, cluster);
    }

    public SwitchyardConfig withAuth(AuthConfig newAuth) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, newAuth, pricing, cache,
                conversations, registry, filters, cluster);
    }

    public SwitchyardConfig withCache(CacheConfig newCache) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, newCache,
                conversations, registry, filters, cluster);
    }

    public SwitchyardConfig withConversations(ConversationConfig newConversations) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                newConversations, registry, filters, cluster);
    }

    public SwitchyardConfig withRegistry(RegistryConfig newRegistry) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, newRegistry, filters, cluster);
    }

    public SwitchyardConfig withFilters(FiltersConfig newFilters) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry, newFilters, cluster);
    }

    public SwitchyardConfig withCluster(ClusterConfig newCluster) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry, filters, newCluster);
    }

    @Override
    public String toString() {
        return "SwitchyardConfig[server=" + server + ", clientKeys=<" + clientKeys.size() + " redacted>, upstream="
                + upstream + ", deployments=" + deployments + ", models=" + models + ", auth=" + auth + ", cache=" + cache
                + ", conversations=" + conversations + ", registry=" + registry + ", filters=" + filters + ", cluster=" + cluster + "]";
    }
}
