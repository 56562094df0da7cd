package dev.switchyard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.supervisor.ChildStatus.Health;
import dev.switchyard.supervisor.SupervisorEvent.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child processes ({@link TestChild}) on loopback. */
@Timeout(60)
class SupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
    private final List<Long> pidsSeen = new CopyOnWriteArrayList<>();
    private Supervisor supervisor;

    @AfterEach
    void stopEverything() {
        if (supervisor != null) {
            supervisor.stop();
        }
        pidsSeen.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private Supervisor start(String services, ChildCommand command) throws Exception {
        return start(services, command, Map.of());
    }

    private Supervisor start(String services, ChildCommand command, Map<String, String> env) throws Exception {
        supervisor = Supervisor.create(Fixture.topology(dir, services), command, env, e -> {
            events.add(e);
            if (e.kind() == Kind.STARTED) {
                pidsSeen.add(Long.parseLong(e.message().replaceAll("^started, pid (\\d+),.*", "$1")));
            }
        });
        supervisor.start();
        return supervisor;
    }

    private ChildStatus child(String id) {
        return supervisor.status().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private void awaitAllHealthy() {
        await().atMost(WAIT).until(() -> supervisor.status().stream().allMatch(c -> c.health() == Health.HEALTHY));
    }

    @Test
    void kill9_ofARunningChild_restartsItWithANewPid() throws Exception {
        int port = Fixture.freePorts(2);
        start("claude: { instances: 2, port: " + port + " }", Fixture.testChild());
        awaitAllHealthy();
        long before = child("claude-1").pid();

        ProcessHandle.of(before).orElseThrow().destroyForcibly();

        await().atMost(WAIT).until(() -> {
            ChildStatus c = child("claude-1");
            return c.health() == Health.HEALTHY && c.pid() != before && c.pid() > 0;
        });
        assertThat(child("claude-1").restarts()).isEqualTo(1);
        assertThat(child("claude-2").restarts()).isZero();
        assertThat(ProcessHandle.of(child("claude-1").pid())).isPresent();
        assertThat(events).anyMatch(e -> e.childId().equals("claude-1") && e.kind() == Kind.EXITED
                && e.message().contains("exited with code"));
    }

    @Test
    void aChildFailingThreeChecks_isRestarted_afterTheThirdNotBefore() throws Exception {
        int port = Fixture.freePorts(1);
        start("auth: { port: " + port + " }", Fixture.testChild());
        awaitAllHealthy();
        long before = child("auth-1").pid();

        assertThat(Fixture.post(port, "/sick")).isEqualTo(200);

        await().atMost(WAIT).until(() -> child("auth-1").pid() != before && child("auth-1").health() == Health.HEALTHY);
        List<String> sequence = events.stream().filter(e -> e.kind() == Kind.UNHEALTHY || e.kind() == Kind.EXITED)
                .map(SupervisorEvent::message).toList();
        assertThat(sequence).hasSizeGreaterThanOrEqualTo(5);
        assertThat(sequence.subList(0, 5)).satisfiesExactly(
                m -> assertThat(m).isEqualTo("health check failed (1/3)"),
                m -> assertThat(m).isEqualTo("health check failed (2/3)"),
                m -> assertThat(m).isEqualTo("health check failed (3/3)"),
                m -> assertThat(m).startsWith("stopping pid " + before + " to restart it: 3 consecutive failed"),
                m -> assertThat(m).startsWith("pid " + before + " stopped (3 consecutive failed health checks)"));
        assertThat(child("auth-1").restarts()).isEqualTo(1);
    }

    @Test
    void aChildThatAlwaysCrashes_isRestartedWithGrowingBackoff_neverFasterThanItAllows() throws Exception {
        int port = Fixture.freePorts(1);
        start("claude: { port: " + port + " }", Fixture.testChild("--crash"));

        await().atMost(WAIT).until(() -> restartDelays().size() >= 5);

        assertThat(restartDelays().subList(0, 5)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(400));
        // each restart waited its delay: starts are never closer together than the delay scheduled between them
        List<SupervisorEvent> timeline = events.stream()
                .filter(e -> e.kind() == Kind.RESTART_SCHEDULED || e.kind() == Kind.STARTED).toList();
        for (int i = 0; i + 1 < timeline.size(); i++) {
            if (timeline.get(i).kind() == Kind.RESTART_SCHEDULED && timeline.get(i + 1).kind() == Kind.STARTED) {
                assertThat(Duration.between(timeline.get(i).at(), timeline.get(i + 1).at()))
                        .isGreaterThanOrEqualTo(timeline.get(i).delay());
            }
        }
        assertThat(events).noneMatch(e -> e.kind() == Kind.HEALTHY);
        assertThat(events).anyMatch(e -> e.kind() == Kind.EXITED && e.message().endsWith("exited with code 3"));
    }

    private List<Duration> restartDelays() {
        return events.stream().filter(e -> e.kind() == Kind.RESTART_SCHEDULED).map(SupervisorEvent::delay).toList();
    }

    @Test
    void stop_leavesNoChildRunning_andStartsNoneAfterwards() throws Exception {
        int gateway = Fixture.freePorts(1);
        int claude = Fixture.freePorts(3);
        start("gateway: { port: " + gateway + " }\nclaude: { instances: 3, port: " + claude + " }",
                Fixture.testChild());
        awaitAllHealthy();
        List<Long> pids = supervisor.status().stream().map(ChildStatus::pid).toList();
        assertThat(pids).hasSize(4).allMatch(pid -> pid > 0);

        supervisor.stop();

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(events.getLast().kind()).isEqualTo(Kind.STOPPED);
        int started = pidsSeen.size();
        assertThat(started).isEqualTo(4);
        assertThat(supervisor.status()).isEmpty();
    }

    @Test
    void stop_ofAChildThatIgnoresSigterm_killsItAfterTheGracePeriod() throws Exception {
        int port = Fixture.freePorts(1);
        start("cache: { port: " + port + " }", Fixture.testChild("--ignore-term"));
        awaitAllHealthy();
        long pid = child("cache-1").pid();

        supervisor.stop();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void stop_whileAChildWaitsForItsRestart_startsNothingMore() throws Exception {
        int port = Fixture.freePorts(1);
        start("claude: { port: " + port + " }", Fixture.testChild("--crash"));
        await().atMost(WAIT).until(() -> restartDelays().size() >= 1);

        supervisor.stop();
        int startedAtStop = pidsSeen.size();

        // the pending restart (100ms) would have run by the time a later one could be scheduled
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> pidsSeen.size() == startedAtStop);
        assertThat(pidsSeen).allSatisfy(p -> assertThat(ProcessHandle.of(p).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void processRecovery_ofARole_restartsOnlyThatRolesChildren() throws Exception {
        int claude = Fixture.freePorts(2);
        int auth = Fixture.freePorts(1);
        start("claude: { instances: 2, port: " + claude + " }\nauth: { port: " + auth + " }", Fixture.testChild());
        awaitAllHealthy();
        Map<String, Long> before = pids();

        ProcessRecovery.local(supervisor).recover("claude", List.of()).toCompletionStage().toCompletableFuture()
                .get();

        await().atMost(WAIT).until(() -> supervisor.status().stream().allMatch(c -> c.health() == Health.HEALTHY)
                && !pids().get("claude-1").equals(before.get("claude-1"))
                && !pids().get("claude-2").equals(before.get("claude-2")));
        assertThat(pids().get("auth-1")).isEqualTo(before.get("auth-1"));
        assertThat(child("claude-1").restarts()).isEqualTo(1);
        assertThat(child("auth-1").restarts()).isZero();
    }

    @Test
    void processRecovery_inAChild_reachesItsSupervisor_withTheClusterSecretOnly() throws Exception {
        int claude = Fixture.freePorts(1);
        int gateway = Fixture.freePorts(1);
        start("gateway: { port: " + gateway + " }\nclaude: { port: " + claude + " }", Fixture.testChild(),
                Map.of(Supervisor.SECRET_ENV, "test-cluster-secret"));
        awaitAllHealthy();
        Map<String, Long> before = pids();
        String url = Fixture.body(gateway, "/supervisor");
        assertThat(url).isEqualTo(supervisor.controlUrl().orElseThrow().toString());

        var wrongSecret = ProcessRecovery.fromEnvironment(Map.of(Supervisor.SUPERVISOR_URL_ENV, url,
                Supervisor.SECRET_ENV, "guess")::get).orElseThrow().recover("claude", List.of());
        var unknownRole = ProcessRecovery.fromEnvironment(Map.of(Supervisor.SUPERVISOR_URL_ENV, url,
                Supervisor.SECRET_ENV, "test-cluster-secret")::get).orElseThrow().recover("cache", List.of());
        await().atMost(WAIT).until(() -> wrongSecret.isComplete() && unknownRole.isComplete());
        assertThat(wrongSecret.cause()).hasMessageEndingWith("answered 401").hasMessageNotContaining("guess");
        assertThat(unknownRole.cause()).hasMessageEndingWith("answered 404");

        ProcessRecovery.fromEnvironment(Map.of(Supervisor.SUPERVISOR_URL_ENV, url,
                Supervisor.SECRET_ENV, "test-cluster-secret")::get).orElseThrow().recover("claude", List.of())
                .toCompletionStage().toCompletableFuture().get();

        await().atMost(WAIT).until(() -> child("claude-1").health() == Health.HEALTHY
                && !pids().get("claude-1").equals(before.get("claude-1")));
        assertThat(pids().get("gateway-1")).isEqualTo(before.get("gateway-1"));
        assertThat(ProcessRecovery.fromEnvironment(name -> null)).isEmpty();
    }

    private Map<String, Long> pids() {
        Map<String, Long> out = new java.util.HashMap<>();
        supervisor.status().forEach(c -> out.put(c.id(), c.pid()));
        return out;
    }

    @Test
    void requestsPerSecond_comesFromTheHealthCounter_andEachChildHasItsLog() throws Exception {
        int port = Fixture.freePorts(1);
        start("conversation: { port: " + port + " }", Fixture.testChild());
        awaitAllHealthy();

        await().atMost(WAIT).until(() -> {
            Fixture.get(port, "/work");
            return child("conversation-1").requestsPerSecond().orElse(0) > 0;
        });

        String log = Files.readString(dir.resolve("run/conversation-1.log"));
        assertThat(log).contains("switchyard up starts conversation-1")
                .contains("--roles conversation --instance-id conversation-1 --role-port " + port);
        assertThat(StatusTable.render(supervisor.status())).contains("conversation").contains("healthy");
        List<String> lines = new ArrayList<>(log.lines().toList());
        assertThat(lines).anyMatch(l -> l.contains("--config " + dir.resolve("switchyard.yaml")));
    }
}
