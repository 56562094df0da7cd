package dev.switchyard.app;

import dev.switchyard.claude.ClaudeService;
import dev.switchyard.cluster.RpcHandler;
import dev.switchyard.cluster.claude.ClaudeEndpoint;
import dev.switchyard.core.config.ClusterConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;

/** The role port's methods: each role this process serves, through its endpoint over the local service. */
final class RoleRoutes {
    private RoleRoutes() {}

    static Map<String, RpcHandler> of(ClusterConfig cluster, ClaudeService claude) {
        Map<String, RpcHandler> routes = new HashMap<>();
        if (cluster.serves("claude")) {
            routes.putAll(new ClaudeEndpoint(claude).routes());
        }
        return routes;
    }

    /** {@code GET /health} of the role port: this instance, its roles and the calls it has served. */
    static Handler<HttpServerRequest> health(ClusterNode node) {
        return request -> request.response().putHeader("content-type", "application/json")
                .end("{\"status\":\"ok\",\"instance\":\"" + node.instanceId() + "\",\"requests\":"
                        + node.roleRequests() + "}");
    }
}
