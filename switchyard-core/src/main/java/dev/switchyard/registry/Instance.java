package dev.switchyard.registry;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One running instance of a role, as the registry knows it.
 *
 * @param role what it serves: gateway, claude, auth, conversation, translation, filter, cache
 * @param id unique per instance (stable across re-registrations of the same process)
 * @param address where its role endpoint listens, e.g. {@code http://10.0.0.5:7001}
 * @param version the Switchyard version it runs
 * @param zone its zone, or "" when none is configured
 * @param weight its share of traffic for weighted balancing, at least 1
 * @param metadata free key/values from configuration (never secrets)
 * @param registeredAt when it registered
 */
public record Instance(String role, String id, URI address, String version, String zone, int weight,
        Map<String, String> metadata, Instant registeredAt) {
    public Instance {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        version = version == null ? "" : version;
        zone = zone == null ? "" : zone;
        weight = Math.max(1, weight);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
