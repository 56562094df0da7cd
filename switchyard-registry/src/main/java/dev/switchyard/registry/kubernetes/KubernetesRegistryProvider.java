package dev.switchyard.registry.kubernetes;

import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.registry.RegistryProvider;
import dev.switchyard.registry.ServiceRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code registry.type: kubernetes}, found through ServiceLoader. The client configures itself the usual
 * way: in a pod from its service account, elsewhere from the kubeconfig (or the KUBERNETES_MASTER /
 * kubernetes.master settings). The registry starts watching at once; until the first lists arrive its
 * roles have no instances.
 */
public final class KubernetesRegistryProvider implements RegistryProvider {
    private static final Logger log = LoggerFactory.getLogger(KubernetesRegistryProvider.class);

    @Override
    public RegistryConfig.Type type() {
        return RegistryConfig.Type.KUBERNETES;
    }

    @Override
    public ServiceRegistry create(Vertx vertx, RegistryConfig config, Clock clock) {
        KubernetesRegistrySettings settings = settings(config.kubernetes());
        KubernetesClient client = new KubernetesClientBuilder().build();
        KubernetesRegistry registry = new KubernetesRegistry(client, settings, clock, true);
        registry.start().onFailure(e -> log.warn("kubernetes registry: first EndpointSlice lists failed: {}", e.toString()));
        return registry;
    }

    static KubernetesRegistrySettings settings(RegistryConfig.Kubernetes config) {
        Map<String, RoleService> roles = new LinkedHashMap<>();
        try {
            config.roles().forEach((role, r) -> roles.put(role,
                    new RoleService(r.namespace(), r.service(), r.portName(), r.scheme())));
            return new KubernetesRegistrySettings(roles, config.resync());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
    }
}
