package dev.switchyard.app;

import dev.switchyard.auth.admin.AdminRoute;
import dev.switchyard.cluster.AdminProxy;
import dev.switchyard.cluster.RemoteErrors;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /admin} on a gateway whose auth role runs elsewhere. What describes this process (its recent
 * traces, its stats) is answered here, once the auth role has accepted the admin credential
 * ({@link AdminProxy#check}); everything else is forwarded to the auth role as before.
 */
final class GatewayAdmin implements Handler<HttpServerRequest> {
    private final Vertx vertx;
    private final AdminProxy proxy;
    private final Map<String, AdminRoute> local;

    GatewayAdmin(Vertx vertx, AdminProxy proxy, Map<String, AdminRoute> local) {
        this.vertx = vertx;
        this.proxy = proxy;
        this.local = Map.copyOf(local);
    }

    @Override
    public void handle(HttpServerRequest request) {
        List<String> parts = List.of(request.path().replaceAll("/+$", "").split("/"));
        AdminRoute route = parts.size() > 2 && parts.size() <= 4 ? local.get(parts.get(2)) : null;
        if (route == null) {
            proxy.handle(request);
            return;
        }
        String requestId = "req_admin_" + UUID.randomUUID().toString().replace("-", "");
        request.response().putHeader("request-id", requestId);
        String id = parts.size() > 3 ? parts.get(3) : null;
        Map<String, String> params = new HashMap<>();
        request.params().forEach(e -> params.put(e.getKey(), e.getValue()));
        String method = request.method().name();
        proxy.check(request)
                .compose(ok -> vertx.executeBlocking(() -> route.handle(method, id, params, null), false))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        request.response().putHeader("content-type", "application/json").end(ar.result().toString());
                    } else {
                        RemoteErrors.write(request.response(), ar.cause(), requestId);
                    }
                });
    }
}
