package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.admin.AdminApi;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.CheckResult;
import dev.switchyard.registry.health.ClusterDirectory;
import dev.switchyard.registry.health.InstanceDirectory;
import dev.switchyard.registry.health.InstanceView;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /admin/instances[?role=R]}: every instance this process knows of (see {@link InstanceDirectory}),
 * behind the admin credential like every admin route. Registering again replaces the directory.
 */
final class InstancesRoute {
    private InstancesRoute() {}

    static void register(AdminApi admin, InstanceDirectory directory) {
        admin.route("instances", (method, id, params, body) -> list(directory, method, id, params));
    }

    /**
     * The directory of a process that runs every role itself and calls none remotely: one local, healthy
     * instance per role at the configured address.
     */
    static InstanceDirectory localOnly(ServerConfig server, String instanceId, List<String> roles, Instant since) {
        URI address = URI.create("http://" + hostForUri(server.host()) + ":" + server.port());
        List<Instance> local = roles.stream()
                .map(role -> new Instance(role, instanceId, address, Version.current(), "", 1, Map.of(), since))
                .toList();
        return ClusterDirectory.localOnly(local);
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static JsonNode list(InstanceDirectory directory, String method, String id, Map<String, String> params) {
        if (!"GET".equals(method) || id != null) {
            throw ApiException.invalidRequest("method " + method + " is not allowed here: GET /admin/instances[?role=R]");
        }
        String role = params.get("role");
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode data = out.putArray("data");
        for (InstanceView v : directory.instances()) {
            if (role == null || role.equals(v.role())) {
                data.add(json(v));
            }
        }
        return out;
    }

    static ObjectNode json(InstanceView v) {
        ObjectNode n = Json.mapper().createObjectNode()
                .put("role", v.role()).put("id", v.id()).put("address", v.address().toString())
                .put("version", v.version()).put("zone", v.zone())
                .put("health", v.health().name().toLowerCase(Locale.ROOT));
        CheckResult c = v.lastCheck();
        if (c == null) {
            n.putNull("last_check");
        } else {
            n.putObject("last_check").put("at", c.at().toString()).put("ok", c.healthy())
                    .put("latency_ms", c.latency().toMillis()).put("error", c.healthy() ? null : c.detail());
        }
        return n.put("consecutive_failures", v.consecutiveFailures()).put("in_flight", v.inFlight())
                .put("registered_since", v.registeredSince() == null ? null : v.registeredSince().toString())
                .put("in_rotation", v.inRotation()).put("local", v.local());
    }
}
