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
        RegistryConfig registry) {

    public SwitchyardConfig {
        clientKeys = List.copyOf(clientKeys);
        deployments = List.copyOf(deployments);
        models = Map.copyOf(models);
        auth = auth == null ? AuthConfig.disabled() : auth;
        pricing = pricing == null ? PriceTable.defaultTable() : pricing;
        cache = cache == null ? CacheConfig.disabled() : cache;
        conversations = conversations == null ? ConversationConfig.disabled() : conversations;
        registry = registry == null ? RegistryConfig.defaults() : registry;
    }

    /** Without a registry section: every role in this process. */
    public SwitchyardConfig(ServerConfig server, List<String> clientKeys, UpstreamConfig upstream,
            List<DeploymentConfig> deployments, Map<String, ModelPolicy> models, AuthConfig auth, PriceTable pricing,
            CacheConfig cache, ConversationConfig conversations) {
        this(server, clientKeys, upstream, deployments, models, auth, pricing, cache, conversations, null);
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
                registry);
    }

    public SwitchyardConfig withServer(ServerConfig newServer) {
        return new SwitchyardConfig(newServer, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, registry);
    }

    public SwitchyardConfig withAuth(AuthConfig newAuth) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, newAuth, pricing, cache,
                conversations, registry);
    }

    public SwitchyardConfig withCache(CacheConfig newCache) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, newCache,
                conversations, registry);
    }

    public SwitchyardConfig withConversations(ConversationConfig newConversations) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                newConversations, registry);
    }

    public SwitchyardConfig withRegistry(RegistryConfig newRegistry) {
        return new SwitchyardConfig(server, clientKeys, upstream, deployments, models, auth, pricing, cache,
                conversations, newRegistry);
    }

    @Override
    public String toString() {
        return "SwitchyardConfig[server=" + server + ", clientKeys=<" + clientKeys.size() + " redacted>, upstream="
                + upstream + ", deployments=" + deployments + ", models=" + models + ", auth=" + auth + ", cache=" + cache
                + ", conversations=" + conversations + ", registry=" + registry + "]";
    }
}
