package dev.switchyard.app;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/** The role port's own answers (its methods come from {@link RoleServices#routes}). */
final class RoleRoutes {
    private RoleRoutes() {}

    /** {@code GET /health} of the role port: this instance, its roles and the calls it has served. */
    static Handler<HttpServerRequest> health(ClusterNode node) {
        return request -> request.response().putHeader("content-type", "application/json")
                .end("{\"status\":\"ok\",\"instance\":\"" + node.instanceId() + "\",\"requests\":"
                        + node.roleRequests() + "}");
    }
}
