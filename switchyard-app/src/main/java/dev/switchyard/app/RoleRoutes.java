package dev.switchyard.app;

import dev.switchyard.core.health.HealthChecks;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/** The role port's own answers (its methods come from {@link RoleServices#routes}). */
final class RoleRoutes {
    private RoleRoutes() {}

    /**
     * {@code GET /health} of the role port: 503 while the process starts (not yet registered) or leaves
     * (deregistered, draining); else the dependency report of {@code checks}, 503 when a required one is down.
     */
    static Handler<HttpServerRequest> health(ClusterNode node, HealthChecks checks) {
        return request -> {
            ClusterNode.Phase phase = node.phase();
            if (phase != ClusterNode.Phase.SERVING) {
                request.response().setStatusCode(503).putHeader("content-type", "application/json")
                        .end("{\"status\":\"" + (phase == ClusterNode.Phase.STARTING ? "starting" : "draining")
                                + "\",\"requests\":" + node.roleRequests() + "}");
                return;
            }
            checks.report(node.roleRequests()).onComplete(ar -> {
                if (ar.failed()) {
                    request.response().setStatusCode(503).putHeader("content-type", "application/json")
                            .end("{\"status\":\"down\"}");
                } else {
                    request.response().setStatusCode(ar.result().httpStatus())
                            .putHeader("content-type", "application/json").end(ar.result().toJson());
                }
            });
        };
    }
}
