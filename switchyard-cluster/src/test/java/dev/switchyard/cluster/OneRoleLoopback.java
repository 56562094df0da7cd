package dev.switchyard.cluster;

import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.registry.statics.StaticRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One role served on loopback by a real {@link RoleServer}, and the {@link RoleClient} of another process
 * calling it through {@link ClusterClients} over a {@link StaticRegistry}. The server can be stopped (the
 * role is unreachable) and started again on the same port.
 */
public final class OneRoleLoopback implements AutoCloseable {
    public static final String SECRET = "0123456789abcdef-secret";

    public final Vertx vertx = Vertx.vertx();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String role;
    private final Map<String, RpcHandler> routes;
    private final ClusterClients clients;
    private RoleServer server;
    private final int port;

    public OneRoleLoopback(String role, Map<String, RpcHandler> routes) throws Exception {
        this.role = role;
        this.routes = routes;
        this.server = await(start(0));
        this.port = server.port();
        StaticRegistry registry = new StaticRegistry(List.of(new RegistryConfig.Peer(role, role + "-1",
                URI.create("http://127.0.0.1:" + port), "", 1, Map.of())), Clock.systemUTC());
        this.clients = new ClusterClients(vertx, registry, ClusterConfig.allInOne().withSecret(SECRET), new ClusterSecret(SECRET), meters,
                Clock.systemUTC());
    }

    private Future<RoleServer> start(int at) {
        return RoleServer.start(vertx, "127.0.0.1", at, new ClusterSecret(SECRET), routes,
                request -> request.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}"));
    }

    public RoleClient client() {
        return clients.client(role);
    }

    /** The role goes away: its port refuses connections. */
    public void stopServer() throws Exception {
        await(server.shutdown(Duration.ZERO));
    }

    /** The role is back, on the same port. */
    public void restartServer() throws Exception {
        server = await(start(port));
    }

    public static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        await(clients.close().eventually(() -> vertx.close()));
    }
}
