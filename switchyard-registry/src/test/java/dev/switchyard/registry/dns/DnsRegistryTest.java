package dev.switchyard.registry.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.config.RegistryConfig.Dns;
import dev.switchyard.core.config.RegistryConfig.RecordType;
import dev.switchyard.registry.Instance;
import dev.switchyard.testkit.Dnsmasq;
import dev.switchyard.testkit.MutableClock;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsRegistryTest {
    private static final Duration PERIOD = Duration.ofMillis(100);

    private Vertx vertx;
    private Dnsmasq dns;
    private DnsRegistry registry;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        dns = new Dnsmasq("switchyard.test");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) {
            registry.close().await(10, TimeUnit.SECONDS);
        }
        dns.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private DnsRegistry registry(RecordType record, Map<String, String> names) {
        Dns config = new Dns(names, record, 7001, "http", "127.0.0.1", dns.port, PERIOD, Duration.ofSeconds(2));
        registry = new DnsRegistry(vertx, config, clock);
        return registry;
    }

    private static List<String> addresses(List<Instance> instances) {
        return instances.stream().map(i -> i.address().toString()).toList();
    }

    @Test
    void aRecords_resolved_becomeInstancesOnTheConfiguredPort() throws Exception {
        dns.hosts("127.0.0.11 claude.switchyard.test", "127.0.0.12 claude.switchyard.test").start();

        DnsRegistry r = registry(RecordType.A, Map.of("claude", "claude.switchyard.test"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(addresses(r.instances("claude")))
                .containsExactly("http://127.0.0.11:7001", "http://127.0.0.12:7001"));
        assertThat(r.instances("claude").get(0).id()).isEqualTo("127.0.0.11:7001");
        assertThat(r.instances("auth")).isEmpty();
    }

    @Test
    void srvRecords_resolved_givePortAndWeightPerInstance() throws Exception {
        dns.srv("_claude._tcp.switchyard.test,c1.switchyard.test,7101,0,5",
                "_claude._tcp.switchyard.test,c2.switchyard.test,7102,0,20").start();

        DnsRegistry r = registry(RecordType.SRV, Map.of("claude", "_claude._tcp.switchyard.test"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(r.instances("claude"))
                .extracting(i -> i.address().toString(), Instance::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http://c1.switchyard.test:7101", 5),
                        org.assertj.core.groups.Tuple.tuple("http://c2.switchyard.test:7102", 20)));
    }

    @Test
    void watch_aRecordsChangedAndReloaded_listenerToldOnlyOnChange() throws Exception {
        dns.hosts("127.0.0.11 claude.switchyard.test").start();
        DnsRegistry r = registry(RecordType.A, Map.of("claude", "claude.switchyard.test"));
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        r.watch("claude", seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty() && !seen.getLast().isEmpty());
        int afterFirst = seen.size();

        // Many periods of the same answer must tell the watcher nothing new.
        await().during(PERIOD.multipliedBy(10)).atMost(Duration.ofSeconds(5)).until(() -> seen.size() == afterFirst);

        dns.hosts("127.0.0.11 claude.switchyard.test", "127.0.0.13 claude.switchyard.test");
        dns.reload();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(addresses(seen.getLast()))
                .containsExactly("http://127.0.0.11:7001", "http://127.0.0.13:7001"));
        assertThat(seen).hasSize(afterFirst + 1);
        assertThat(seen.getLast().get(0).registeredAt()).as("an unchanged instance keeps its first-seen time")
                .isEqualTo(seen.get(afterFirst - 1).get(0).registeredAt());
    }

    @Test
    void watch_srvRecordsChangedAndDnsmasqRestarted_listenerSeesNewSet() throws Exception {
        dns.srv("_auth._tcp.switchyard.test,a1.switchyard.test,7201,0,1").start();
        DnsRegistry r = registry(RecordType.SRV, Map.of("auth", "_auth._tcp.switchyard.test"));
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        r.watch("auth", seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> addresses(seen.getLast())
                .equals(List.of("http://a1.switchyard.test:7201")));

        dns.srv("_auth._tcp.switchyard.test,a2.switchyard.test,7202,0,1").restart();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(addresses(seen.getLast()))
                .containsExactly("http://a2.switchyard.test:7202"));
    }

    /** A registry that found claude's one instance, after which the name is taken out of the DNS. */
    private DnsRegistry claudeKnownThenNameRemoved() throws Exception {
        dns.hosts("127.0.0.11 claude.switchyard.test").start();
        DnsRegistry r = registry(RecordType.A, Map.of("claude", "claude.switchyard.test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> r.instances("claude").size() == 1);
        removeName();
        return r;
    }

    private void removeName() throws Exception {
        dns.hosts("127.0.0.99 other.switchyard.test");
        dns.reload();
    }

    @Test
    void resolve_nameRemoved_roleHasNoInstances() throws Exception {
        DnsRegistry r = claudeKnownThenNameRemoved();
        // the first round that finds it missing starts the wait, a later one past the wait empties the role
        await().atMost(Duration.ofSeconds(10)).pollInterval(PERIOD).until(() -> {
            clock.advance(PERIOD);
            return r.instances("claude").isEmpty();
        });
    }

    /**
     * Regression: one NXDOMAIN emptied the role for a period. In a container, a lookup of a service name can
     * reach the host's name server (listed after the network's), which answers NXDOMAIN for a role still running.
     */
    @Test
    void resolve_nameMissingForLessThanTwoPeriods_keepsItsInstances() throws Exception {
        DnsRegistry r = claudeKnownThenNameRemoved();
        // many rounds find it missing, none of them later on the clock than the wait
        await().during(PERIOD.multipliedBy(10)).atMost(Duration.ofSeconds(5))
                .until(() -> r.instances("claude").size() == 1);
        dns.hosts("127.0.0.11 claude.switchyard.test");
        dns.reload();
        await().during(PERIOD.multipliedBy(3)).atMost(Duration.ofSeconds(5))
                .until(() -> r.instances("claude").size() == 1);
        clock.advance(PERIOD.multipliedBy(DnsRegistry.NOT_FOUND_PERIODS + 1));
        removeName();

        // found again in between, so the wait starts anew: still there
        await().during(PERIOD.multipliedBy(5)).atMost(Duration.ofSeconds(5))
                .until(() -> r.instances("claude").size() == 1);
    }

    @Test
    void resolve_dnsServerDown_keepsLastKnownInstances() throws Exception {
        dns.hosts("127.0.0.11 claude.switchyard.test").start();
        DnsRegistry r = registry(RecordType.A, Map.of("claude", "claude.switchyard.test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> r.instances("claude").size() == 1);

        dns.stop();

        // Longer than the query timeout (2 s), so failed rounds have happened.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> r.instances("claude")
                .stream().map(Instance::address).toList().equals(List.of(URI.create("http://127.0.0.11:7001"))));
    }

    @Test
    void register_dns_isANoOpThatSucceeds() throws Exception {
        dns.start();
        DnsRegistry r = registry(RecordType.A, Map.of("claude", "claude.switchyard.test"));
        Instance self = new Instance("claude", "me", URI.create("http://127.0.0.1:1"), "", "", 1, Map.of(), null);

        assertThat(r.register(self).await(5, TimeUnit.SECONDS)).isNull();
        assertThat(r.deregister(self).await(5, TimeUnit.SECONDS)).isNull();
        assertThat(r.instances("claude")).isEmpty();
    }
}
