package dev.switchyard.app.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.app.ChildJvm;
import dev.switchyard.simulator.ClaudeSimulator;
import dev.switchyard.simulator.SimulatorOptions;
import dev.switchyard.supervisor.ChildStatus;
import dev.switchyard.supervisor.Supervisor;
import dev.switchyard.supervisor.SupervisorEvent;
import dev.switchyard.supervisor.Topology;
import dev.switchyard.supervisor.TopologyLoader;
import dev.switchyard.testkit.Dnsmasq;
import dev.switchyard.testkit.EtcdServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed architecture as real processes on loopback, started and supervised by {@code switchyard
 * up}'s supervisor: two edge gateways (gateway, cache, filter and translation roles), three claude roles, two
 * auth roles (keys in PostgreSQL) and a conversation role, finding each other through a registry. Under
 * steady load: a claude role killed with SIGKILL costs no whole request (the streams it was serving are cut,
 * as a SIGKILL must), is taken out of rotation, restarted, and
 * serves again; then every process is restarted in turn (SIGTERM: deregister, let callers notice, drain)
 * with no failed request and no cut stream. Once per registry backend: etcd, static and dns.
 *
 * <p>The load client stands in for the load balancer in front of the gateways: a request whose connection
 * is refused (that gateway is restarting) goes to the other gateway, as a balancer's health check would
 * arrange. Every other failure counts.
 */
@Tag("topology")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class TopologyTest {
    static final String CLIENT_KEY = "sk-topology-client-key-0123456789";
    static final String SECRET = "topology-cluster-secret-" + UUID.randomUUID();

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
    private final String schema = "sy_topo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private Supervisor supervisor;
    private Ports ports;

    @AfterEach
    void stop(TestInfo test) throws Exception {
        if (supervisor != null) {
            supervisor.stop();
        }
        keepLogs(test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("topology"));
        for (AutoCloseable r : resources) {
            r.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + schema + "_conv CASCADE");
        }
    }

    @Test
    void etcdRegistry_claudeKilledAndEveryRoleRestarted_noRequestFailsAndNoStreamIsCut() throws Exception {
        EtcdServer etcd = new EtcdServer().start();
        resources.add(etcd);
        run("{ type: etcd, etcd: { endpoints: [\"" + etcd.url() + "\"], lease_ttl: 3s } }", "claude-2", true);
    }

    @Test
    void staticRegistry_claudeKilledAndEveryRoleRestarted_noRequestFailsAndNoStreamIsCut() throws Exception {
        ports = Ports.free();
        StringBuilder instances = new StringBuilder();
        ports.roles().forEach((role, list) -> {
            for (int i = 0; i < list.size(); i++) {
                instances.append("{ role: ").append(role).append(", id: ").append(ports.idOf(role, i))
                        .append(", address: \"http://127.0.0.1:").append(list.get(i)).append("\" }, ");
            }
        });
        run("{ type: static, static: { instances: [ " + instances + " ] } }", "claude-2", false);
    }

    @Test
    void dnsRegistry_claudeKilledAndEveryRoleRestarted_noRequestFailsAndNoStreamIsCut() throws Exception {
        ports = Ports.free();
        Dnsmasq dns = new Dnsmasq("sy.test");
        resources.add(dns);
        List<String> srv = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        ports.roles().forEach((role, list) -> {
            names.append(role).append(": _").append(role).append("._tcp.sy.test, ");
            list.forEach(port -> srv.add("_" + role + "._tcp.sy.test,loop.sy.test," + port + ",0,1"));
        });
        dns.hosts("127.0.0.1 loop.sy.test").srv(srv.toArray(String[]::new)).start();
        run("{ type: dns, dns: { names: { " + names + " }, record: SRV, resolver: \"127.0.0.1:" + dns.port
                + "\", period: 500ms } }", "loop.sy.test:" + ports.claude(1), false);
    }

    /** {@code victimId}: claude-2 as the gateway's registry names it (DNS names instances by their records). */
    /**
     * {@code everyInstance}: restart every process, or the first instance of each service (every role still
     * restarted once; the other registries' runs, to keep the suite's time).
     */
    private void run(String registry, String victimId, boolean everyInstance) throws Exception {
        if (ports == null) {
            ports = Ports.free();
        }
        ClaudeSimulator sim = ClaudeSimulator.start(vertx, SimulatorOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withTimeToFirstToken(Duration.ofMillis(20)).withTokensPerSecond(40).withResponseTokens(20))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Path config = dir.resolve("switchyard.yaml");
        Files.writeString(config, config(sim.baseUrl(), registry));
        Path topologyFile = dir.resolve("topology.yaml");
        Files.writeString(topologyFile, topology());
        Topology topology = new TopologyLoader(name -> null).load(topologyFile);
        Map<String, String> env = Map.of(Supervisor.SECRET_ENV, SECRET);
        supervisor = Supervisor.create(topology, ChildJvm.shared().childCommand(), env, events::add);
        supervisor.start();
        await("every process healthy").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> supervisor.status().stream().allMatch(c -> c.health() == ChildStatus.Health.HEALTHY));
        Load load = new Load(ports.gateways());
        await("the first answers through every hop").atMost(Duration.ofMinutes(1)).until(load::probe);

        load.start(4, 2);
        load.awaitProgress(50);
        ChildStatus victim = child("claude-2");
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
        await("claude-2 restarted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ChildStatus now = child("claude-2");
            return now.pid() != victim.pid() && now.health() == ChildStatus.Health.HEALTHY;
        });
        await("claude-2 serves again").atMost(Duration.ofMinutes(1)).until(() -> Load.servedBy(ports.claude(1)) > 0);
        assertThat(log("edge-1")).as("the gateway took claude-2 out of rotation")
                .containsPattern("instance " + java.util.regex.Pattern.quote(victimId)
                        + " of role claude: [A-Z]+ -> (UNHEALTHY|EJECTED)");
        load.awaitProgress(50);
        // a SIGKILL cuts the streams in flight through that process (their clients get an error event);
        // whole requests must all be answered
        assertThat(load.requestFailures()).as("failed requests after kill -9 of claude-2").isEmpty();
        load.clearFailures();

        for (ChildStatus c : supervisor.status()) {
            if (everyInstance || c.id().endsWith("-1")) {
                rollingRestart(c.id(), load);
            }
        }
        load.awaitProgress(50);
        load.stop();

        assertThat(load.failures()).as("failed requests or cut streams during the rolling restart").isEmpty();
        assertThat(load.completedStreams()).isPositive();
        assertThat(load.completedRequests()).isPositive();
    }

    /** One step of a rolling restart: SIGTERM, then wait for the new process to be healthy and take traffic. */
    private void rollingRestart(String id, Load load) {
        long before = child(id).pid();
        assertThat(supervisor.restartChild(id).join()).isTrue();
        await(id + " back").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ChildStatus now = child(id);
            return now.pid() != before && now.health() == ChildStatus.Health.HEALTHY;
        });
        load.awaitProgress(20);
    }

    /** The processes' logs outlive the temporary directory, under target/, for a failure to be read. */
    private void keepLogs(String name) throws java.io.IOException {
        Path run = dir.resolve("run");
        if (!Files.isDirectory(run)) {
            return;
        }
        Path keep = Path.of("target", "topology-logs", name);
        Files.createDirectories(keep);
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private ChildStatus child(String id) {
        return supervisor.status().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private String log(String id) throws Exception {
        return Files.readString(dir.resolve("run").resolve(id + ".log"));
    }

    private String config(String upstream, String registry) {
        return """
                client_keys: ["%s"]
                deployments:
                  - { name: sim, base_url: "%s", api_key: upstream-key, models: ["*"], http2: true }
                registry: %s
                cluster:
                  health: { interval: 500ms, timeout: 1s, unhealthy_threshold: 3, healthy_threshold: 2, jitter: 0 }
                auth:
                  admin_key: sk-topology-admin-0123456789
                  store: { url: "jdbc:postgresql://127.0.0.1:5432/test", user: postgres, schema: %s }
                  ledger: { spill_dir: "%s" }
                conversations:
                  shards:
                    - { name: shard-0, url: "jdbc:postgresql://127.0.0.1:5432/test", user: postgres, schema: %s_conv }
                server: { drain_timeout: 10s }
                """.formatted(CLIENT_KEY, upstream, registry, schema, dir.resolve("spill"), schema);
    }

    private String topology() {
        String jvm = "jvm_options: [-Xmx192m, -XX:+UseSerialGC, -XX:TieredStopAtLevel=1]";
        return """
                config: switchyard.yaml
                run_dir: run
                services:
                  edge: { instances: 2, roles: [gateway, cache, filter, translation], port: %d, role_port: %d, %s }
                  claude: { instances: 3, port: %d, %s }
                  auth: { instances: 2, port: %d, %s }
                  conversation: { instances: 1, port: %d, %s }
                supervision:
                  check_interval: 500ms
                  check_timeout: 500ms
                  unhealthy_after: 3
                  start_timeout: 120s
                  restart_backoff: { min: 200ms, max: 2s }
                  stop_grace: 20s
                """.formatted(ports.gateways().get(0), ports.edgeRolePort(), jvm, ports.claude(0), jvm,
                ports.auth(0), jvm, ports.conversation(), jvm);
    }
}
