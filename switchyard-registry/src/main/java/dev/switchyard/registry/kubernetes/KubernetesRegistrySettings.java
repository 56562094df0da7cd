package dev.switchyard.registry.kubernetes;

import java.time.Duration;
import java.util.Map;

/**
 * The kubernetes registry backend: which Service fronts each role, and how often informers replay their
 * cache to the handlers (zero: never; the watch alone keeps it current).
 */
public record KubernetesRegistrySettings(Map<String, RoleService> roles, Duration resync) {
    public KubernetesRegistrySettings {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("registry.kubernetes.roles must name at least one role, was " + roles);
        }
        roles = Map.copyOf(roles);
        roles.forEach((role, service) -> service.validate(role));
        resync = resync == null ? Duration.ZERO : resync;
        if (resync.isNegative()) {
            throw new IllegalArgumentException("registry.kubernetes.resync must not be negative, was " + resync);
        }
    }
}
