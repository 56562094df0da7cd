package dev.switchyard.cluster;

import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.registry.statics.StaticRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Role servers and the clients that call them, all on loopback in one Vert.x: the same code paths as two
 * processes, with real HTTP/2 between them.
 */
public final class Loopback implements AutoCloseable {
    public static final String SECRET = "0123456789abcdef-secret";

    public final Vertx vertx = Vertx.vertx();
    private final List<RoleServer> servers = new ArrayList<>();
    private final List<ClusterClients> clients = new ArrayList<>();

    /** A role server with {@code routes}, the test secret, and a health check that always answers 200. */
    public RoleServer serve(Map<String, RpcHandler> routes) {
        RoleServer server = await(RoleServer.start(vertx, "127.0.0.1", 0, new ClusterSecret(SECRET), routes,
                request -> request.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}")));
        servers.add(server);
        return server;
    }

    /** The client of {@code role}, its instances the given servers (ids {@code role-1}, {@code role-2}, ...). */
    public RoleClient client(String role, RoleServer... instances) {
        return client(role, config(Duration.ofSeconds(30)), SECRET, instances);
    }

    public RoleClient client(String role, ClusterConfig config, String secret, RoleServer... instances) {
        List<RegistryConfig.Peer> peers = new ArrayList<>();
        for (int i = 0; i < instances.length; i++) {
            peers.add(peer(role, i + 1, instances[i].port()));
        }
        return clients(config, secret, peers).client(role);
    }

    public ClusterClients clients(ClusterConfig config, String secret, List<RegistryConfig.Peer> peers) {
        ClusterClients c = new ClusterClients(vertx, new StaticRegistry(peers, Clock.systemUTC()), config,
                new ClusterSecret(secret), new SimpleMeterRegistry(), Clock.systemUTC());
        clients.add(c);
        return c;
    }

    public static RegistryConfig.Peer peer(String role, int n, int port) {
        return new RegistryConfig.Peer(role, role + "-" + n, URI.create("http://127.0.0.1:" + port), "", 1, Map.of());
    }

    /** The single-process defaults with the test secret and {@code callTimeout}. */
    public static ClusterConfig config(Duration callTimeout) {
        ClusterConfig d = ClusterConfig.allInOne().withSecret(SECRET);
        return new ClusterConfig(d.roles(), d.secret(), d.host(), d.port(), d.advertise(), d.instanceId(), d.zone(),
                d.weight(), d.metadata(), callTimeout, d.health(), d.roleSettings());
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, failed with " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The ApiException {@code future} fails with (an AssertionError when it succeeds or fails otherwise). */
    public static ApiException failure(Future<?> future) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException a) {
                return a;
            }
            throw new AssertionError("expected an ApiException, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        for (ClusterClients c : clients) {
            awaitQuietly(c.close());
        }
        for (RoleServer s : servers) {
            awaitQuietly(s.shutdown(Duration.ZERO));
        }
        awaitQuietly(vertx.close());
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing: nothing left to assert
        }
    }
}
