package dev.switchyard.core.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /health} answers:
 * {@code {"status":"ok|degraded|down","instance":ID,"roles":[...],"requests":N,
 * "dependencies":{"database":{"status":"ok","latency_ms":3},"redis":{"status":"down","error":"..."}}}}.
 *
 * @param instance this process's instance id, or null when it has none (then the field is left out)
 * @param requests requests this process has handled since it started
 */
public record HealthReport(HealthStatus status, String instance, List<String> roles, long requests,
        Map<String, DependencyStatus> dependencies) {
    public HealthReport {
        roles = roles == null ? List.of() : List.copyOf(roles);
        dependencies = dependencies == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(dependencies));
    }

    /** The status the dependencies lead to: a required one down is "down", an optional one "degraded". */
    public static HealthStatus statusOf(Map<String, DependencyStatus> dependencies) {
        HealthStatus status = HealthStatus.OK;
        for (DependencyStatus d : dependencies.values()) {
            if (!d.up() && d.required()) {
                return HealthStatus.DOWN;
            }
            if (!d.up()) {
                status = HealthStatus.DEGRADED;
            }
        }
        return status;
    }

    public int httpStatus() {
        return status.httpStatus();
    }

    public String toJson() {
        ObjectNode out = Json.mapper().createObjectNode().put("status", status.json());
        if (instance != null) {
            out.put("instance", instance);
        }
        roles.forEach(out.putArray("roles")::add);
        out.put("requests", requests);
        ObjectNode deps = out.putObject("dependencies");
        dependencies.forEach((name, d) -> {
            ObjectNode n = deps.putObject(name).put("status", d.up() ? "ok" : "down").put("required", d.required())
                    .put("latency_ms", d.latencyMs());
            if (d.error() != null) {
                n.put("error", d.error());
            }
        });
        return out.toString();
    }
}
