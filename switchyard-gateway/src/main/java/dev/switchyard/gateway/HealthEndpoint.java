package dev.switchyard.gateway;

import dev.switchyard.core.health.HealthChecks;
import dev.switchyard.core.health.HealthReport;
import dev.switchyard.core.health.HealthStatus;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: this process's status with one entry per dependency (see {@link HealthReport}); 200
 * when ok or degraded, 503 when a required dependency is down. Without checks it is always "ok", as the
 * liveness answer it was before.
 */
final class HealthEndpoint {
    private final HealthChecks checks;

    HealthEndpoint(HealthChecks checks) {
        this.checks = checks;
    }

    void handle(HttpServerRequest request, long requests) {
        if (checks == null) {
            send(request, new HealthReport(HealthStatus.OK, null, List.of(), requests, Map.of()));
            return;
        }
        checks.report(requests).onComplete(ar -> send(request, ar.succeeded() ? ar.result()
                : new HealthReport(HealthStatus.DOWN, checks.instance(), checks.roles(), requests, Map.of())));
    }

    private static void send(HttpServerRequest request, HealthReport report) {
        if (request.response().closed()) {
            return;
        }
        request.response().setStatusCode(report.httpStatus()).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(report.toJson());
    }
}
