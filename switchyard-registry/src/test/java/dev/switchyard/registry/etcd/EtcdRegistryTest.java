package dev.switchyard.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.config.RegistryConfig.Etcd;
import dev.switchyard.registry.Instance;
import dev.switchyard.testkit.EtcdServer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EtcdRegistryTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Vertx vertx;
    private EtcdServer etcd;
    private final List<EtcdRegistry> registries = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        etcd = new EtcdServer().start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (EtcdRegistry r : registries) {
            r.close().await(10, TimeUnit.SECONDS);
        }
        etcd.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private EtcdRegistry client() {
        Etcd config = new Etcd(List.of(URI.create(etcd.url())), "/switchyard-test/instances", TTL,
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(500));
        EtcdRegistry r = new EtcdRegistry(vertx, config);
        registries.add(r);
        return r;
    }

    private static Instance claude(String id, int port) {
        return new Instance("claude", id, URI.create("http://127.0.0.1:" + port), "0.1.0", "zone-a", 2,
                Map.of("k", "v"), Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static List<String> ids(List<Instance> instances) {
        return instances.stream().map(Instance::id).toList();
    }

    @Test
    void register_twoClients_aThirdSeesBothThroughItsWatchAndTheyStayPastTheTtl() throws Exception {
        EtcdRegistry watcher = client();
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        watcher.watch("claude", seen::add);

        client().register(claude("c1", 7001)).await(10, TimeUnit.SECONDS);
        client().register(claude("c2", 7002)).await(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> ids(seen.getLast()).equals(List.of("c1", "c2")));
        assertThat(watcher.instances("claude")).containsExactly(claude("c1", 7001), claude("c2", 7002));
        // Kept alive: still there after more than twice the lease's TTL.
        await().during(TTL.multipliedBy(2).plusMillis(500)).atMost(WAIT)
                .until(() -> ids(watcher.instances("claude")).equals(List.of("c1", "c2")));
    }

    @Test
    void register_afterTheWatcherStarted_existingInstancesListedFirst() throws Exception {
        client().register(claude("c1", 7001)).await(10, TimeUnit.SECONDS);

        EtcdRegistry late = client();

        await().atMost(WAIT).until(() -> ids(late.instances("claude")).equals(List.of("c1")));
    }

    @Test
    void close_withoutDeregistering_leaseExpiresAndInstanceDisappears() throws Exception {
        EtcdRegistry watcher = client();
        EtcdRegistry crashing = client();
        client().register(claude("c1", 7001)).await(10, TimeUnit.SECONDS);
        crashing.register(claude("c2", 7002)).await(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> watcher.instances("claude").size() == 2);

        crashing.close().await(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> ids(watcher.instances("claude")).equals(List.of("c1")));
    }

    @Test
    void deregister_registeredInstance_removedAtOnceNotAtLeaseExpiry() throws Exception {
        Etcd longLease = new Etcd(List.of(URI.create(etcd.url())), "/switchyard-test/instances",
                Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(500));
        EtcdRegistry leaving = new EtcdRegistry(vertx, longLease);
        registries.add(leaving);
        EtcdRegistry watcher = client();
        leaving.register(claude("c1", 7001)).await(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> watcher.instances("claude").size() == 1);

        leaving.deregister(claude("c1", 7001)).await(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(3)).until(() -> watcher.instances("claude").isEmpty());
    }

    @Test
    void register_firstEndpointDead_usesTheNextOne() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Etcd twoEndpoints = new Etcd(List.of(URI.create("http://127.0.0.1:" + dead), URI.create(etcd.url())),
                "/switchyard-test/instances", TTL, Duration.ofSeconds(2), Duration.ofMillis(50),
                Duration.ofMillis(500));
        EtcdRegistry r = new EtcdRegistry(vertx, twoEndpoints);
        registries.add(r);

        r.register(claude("c1", 7001)).await(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> ids(r.instances("claude")).equals(List.of("c1")));
    }

    @Test
    void register_etcdDown_returnsAFailedFutureAndKeepsNothingToRenew() throws Exception {
        EtcdRegistry r = client();
        etcd.kill();

        io.vertx.core.Future<Void> registered = r.register(claude("c1", 7001));

        await().atMost(WAIT).until(registered::isComplete);
        assertThat(registered.failed()).isTrue();
        etcd.start();
        assertThat(r.deregister(claude("c1", 7001)).await(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void etcdRestartedEmpty_registeredClientsComeBackAndWatchersRelist() throws Exception {
        EtcdRegistry watcher = client();
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        watcher.watch("claude", seen::add);
        client().register(claude("c1", 7001)).await(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> ids(seen.getLast()).equals(List.of("c1")));

        // The etcd volume is lost: a new cluster with none of the leases, keys or revisions of the old one.
        etcd.kill();
        etcd.wipe();
        etcd.start();
        EtcdRegistry newcomer = client();
        newcomer.register(claude("c3", 7003)).await(10, TimeUnit.SECONDS);

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(seen.getLast())).containsExactly("c1", "c3"));
        // Each client's list follows its own watch: the watcher's having c1 back says nothing of when the
        // newcomer's watch delivers it (asserted at once, this failed in CI with the newcomer at ["c3"]).
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ids(newcomer.instances("claude"))).containsExactly("c1", "c3"));
    }

    @Test
    void etcdRestartedWithItsData_watchGoesOnAndSeesLaterChanges() throws Exception {
        EtcdRegistry watcher = client();
        EtcdRegistry one = client();
        one.register(claude("c1", 7001)).await(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> ids(watcher.instances("claude")).equals(List.of("c1")));

        etcd.kill();
        etcd.start();
        one.deregister(claude("c1", 7001)).await(10, TimeUnit.SECONDS);
        client().register(claude("c2", 7002)).await(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> ids(watcher.instances("claude")).equals(List.of("c2")));
    }
}
