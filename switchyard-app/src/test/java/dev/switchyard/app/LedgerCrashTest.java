package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.json.Json;
import dev.switchyard.simulator.ClaudeSimulator;
import dev.switchyard.simulator.SimulatorOptions;
import dev.switchyard.testkit.TcpProxy;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process whose PostgreSQL goes away (a TCP proxy in front of it is stopped), killed with
 * SIGKILL while serving: what it answered more than a second before the kill must be in the ledger after the
 * next start, exactly once.
 */
class LedgerCrashTest {
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final int REQUESTS = 1_000;
    /** The bound: at most the last second may be lost. */
    private static final long LOSS_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String schema = "sy_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String adminKey = "sk-sy-admin-" + UUID.randomUUID().toString().replace("-", "");
    private final List<Process> processes = new ArrayList<>();
    private Vertx vertx;
    private ClaudeSimulator sim;
    private TcpProxy proxy;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        sim = ClaudeSimulator.start(vertx, SimulatorOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withTimeToFirstToken(Duration.ofMillis(1))).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        proxy = new TcpProxy("127.0.0.1", 5432).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        processes.forEach(Process::destroyForcibly);
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void kill9_duringDatabaseOutage_losesAtMostTheLastSecondAndReplaysTheSpillOnceAtNextStart() throws Exception {
        Path config = writeConfig();
        Path spill = dir.resolve("spill");
        String url = start(config, dir.resolve("first.log"));
        String key = createKey(url);
        String before = send(url, key).headers().firstValue("request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedIds().contains(before));

        proxy.stop();
        Map<String, Long> answeredAt = new LinkedHashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = send(url, key);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            answeredAt.put(response.headers().firstValue("request-id").orElseThrow(), System.nanoTime());
        }
        long killedAt = System.nanoTime();
        Process first = processes.getLast();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(spillFiles(spill)).as("the outage's records are on disk").isNotEmpty();

        proxy.start();
        start(config, dir.resolve("second.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> spillFiles(spill).isEmpty());

        Set<String> stored = storedIds();
        List<String> lost = answeredAt.entrySet().stream().filter(e -> !stored.contains(e.getKey()))
                .filter(e -> killedAt - e.getValue() > LOSS_WINDOW_NANOS).map(Map.Entry::getKey).toList();
        assertThat(lost).as("answered more than a second before the kill, yet not in the ledger").isEmpty();
        assertThat(stored).as("nothing but what was sent").isSubsetOf(union(answeredAt.keySet(), before));
        assertThat(stored.size()).as("most of the outage's records survived").isGreaterThan(REQUESTS / 2);
        assertThat(count("SELECT count(*) FROM usage_records")).isEqualTo(stored.size());
        assertThat(count("SELECT coalesce(sum(spent_micros), 0) FROM spend_totals WHERE scope LIKE 'key:%'"))
                .as("spend counted once per stored record")
                .isEqualTo(count("SELECT coalesce(sum(cost_micros), 0) FROM usage_records")).isPositive();
    }

    @Test
    void sigterm_duringDatabaseOutage_waitsForTheSpillAndTheNextStartStoresEverything() throws Exception {
        Path config = writeConfig();
        String url = start(config, dir.resolve("first.log"));
        String key = createKey(url);
        proxy.stop();
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            answered.add(send(url, key).headers().firstValue("request-id").orElseThrow());
        }

        Process first = processes.getLast();
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("first.log"))).contains("stopped");

        proxy.start();
        start(config, dir.resolve("second.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> spillFiles(dir.resolve("spill")).isEmpty());
        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(answered);
    }

    private Path writeConfig() throws IOException {
        Path file = dir.resolve("switchyard.yaml");
        Files.writeString(file, """
                server: { port: 0, drain_timeout: 1s }
                deployments:
                  - name: sim
                    base_url: %s
                    api_key: sk-upstream-key
                    models: [claude-sonnet-4-6]
                auth:
                  admin_key: %s
                  store: { url: "jdbc:postgresql://127.0.0.1:%d/test", user: postgres, schema: %s }
                  ledger: { spill_dir: "%s", spill_after: 500ms }
                """.formatted(sim.baseUrl(), adminKey, proxy.port(), schema, dir.resolve("spill")));
        return file;
    }

    /** Runs the CLI as a child JVM with the test classpath; returns the gateway's base URL once it listens. */
    private String start(Path config, Path out) throws IOException {
        List<String> cmd = ChildJvm.shared().command(List.of(), List.of("run", "--config", config.toString()));
        // in the test's directory: the first-start key file goes to ./data of a store that has no embedded dir
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(dir.toFile());
        pb.environment().remove("ANTHROPIC_API_KEY");
        processes.add(pb.start());
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("Switchyard listening on"));
        Matcher m = Pattern.compile("Switchyard listening on http://[^:]+:(\\d+)").matcher(Files.readString(out));
        assertThat(m.find()).isTrue();
        return "http://127.0.0.1:" + m.group(1);
    }

    private String createKey(String url) throws Exception {
        HttpResponse<String> created = RawHttp.send(HttpRequest.newBuilder(URI.create(url + "/admin/keys"))
                .header("x-api-key", adminKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"crash\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.mapper().readTree(created.body()).get("key").asText();
    }

    private static HttpResponse<String> send(String url, String key) {
        return RawHttp.post(url, "/v1/messages", HttpRequest.BodyPublishers.ofString(
                RawHttp.message("claude-sonnet-4-6")), key);
    }

    private static List<Path> spillFiles(Path spill) throws IOException {
        if (!Files.isDirectory(spill)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spill)) {
            return files.filter(f -> f.getFileName().toString().startsWith("usage-")).toList();
        }
    }

    private Set<String> storedIds() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet rows = s.executeQuery("SELECT request_id FROM usage_records")) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet rows = s.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Set<String> union(Set<String> ids, String more) {
        Set<String> all = new HashSet<>(ids);
        all.add(more);
        return all;
    }
}
