package dev.switchyard.cluster.auth;

import dev.switchyard.cluster.ClusterClients;
import dev.switchyard.cluster.ClusterSecret;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.cluster.RoleServer;
import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.RegistryConfig;
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
import java.util.concurrent.TimeUnit;

/** Auth role instances on loopback, each a real {@link RoleServer} over fakes, and clients that find them statically. */
final class AuthRoleFixture implements AutoCloseable {
    static final String SECRET = "0123456789abcdef-secret";

    final Vertx vertx = Vertx.vertx();
    final List<Served> served = new ArrayList<>();
    private final List<ClusterClients> clients = new ArrayList<>();

    /** One instance of the auth role: its server and what serves behind it. */
    record Served(String id, int port, RoleServer server, AuthEndpoint endpoint, Fakes.Auth auth,
            Fakes.Admissions admissions, Fakes.Usage usage) {}

    Served serve(String id) {
        return serve(id, Clock.systemUTC(), AuthEndpoint.DEFAULT_GRANT_TTL, AuthEndpoint.DEFAULT_MAX_GRANTS, 0);
    }

    Served serve(String id, Clock clock, Duration grantTtl, int maxGrants, int port) {
        Fakes.Auth auth = new Fakes.Auth();
        Fakes.Admissions admissions = new Fakes.Admissions(id);
        Fakes.Usage usage = new Fakes.Usage();
        AuthEndpoint endpoint = new AuthEndpoint(auth, admissions, usage, clock, grantTtl, maxGrants);
        RoleServer server = await(RoleServer.start(vertx, "127.0.0.1", port, new ClusterSecret(SECRET),
                endpoint.routes(), req -> req.response().end("{\"status\":\"ok\"}")));
        Served s = new Served(id, server.port(), server, endpoint, auth, admissions, usage);
        served.add(s);
        return s;
    }

    /** A free port on loopback, for an instance that is down at first. */
    int freePort() {
        RoleServer probe = await(RoleServer.start(vertx, "127.0.0.1", 0, new ClusterSecret(SECRET), Map.of(),
                req -> req.response().end()));
        int port = probe.port();
        await(probe.shutdown(Duration.ZERO));
        return port;
    }

    /** The auth role's client over the instances at {@code peers} (id, port), with the right secret. */
    RoleClient client(List<Map.Entry<String, Integer>> peers) {
        return client(peers, SECRET);
    }

    RoleClient client(List<Map.Entry<String, Integer>> peers, String secret) {
        List<RegistryConfig.Peer> list = peers.stream().map(p -> new RegistryConfig.Peer(AuthWire.ROLE, p.getKey(),
                URI.create("http://127.0.0.1:" + p.getValue()), "", 1, Map.of())).toList();
        ClusterClients cc = new ClusterClients(vertx, new StaticRegistry(list, Clock.systemUTC()),
                ClusterConfig.allInOne().withSecret(secret), new ClusterSecret(secret), new SimpleMeterRegistry(),
                Clock.systemUTC());
        clients.add(cc);
        return cc.client(AuthWire.ROLE);
    }

    /** The client of every instance served so far. */
    RoleClient client() {
        return client(served.stream().map(s -> Map.entry(s.id(), s.port())).toList());
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** The failure of a future that must fail. */
    static Throwable failure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
        throw new AssertionError("future succeeded, expected a failure");
    }

    @Override
    public void close() {
        clients.forEach(c -> await(c.close()));
        served.forEach(s -> s.server().shutdown(Duration.ZERO));
        await(vertx.close());
    }
}
