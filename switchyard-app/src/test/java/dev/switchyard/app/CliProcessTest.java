package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.net.NetworkTransport;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI as a user runs it: a real JVM process, its output, and SIGTERM. */
class CliProcessTest {
    @TempDir
    Path dir;

    @Test
    void run_embeddedDefault_startsSimulatorCreatesKeysOnceServesRecordsUsageAndStopsOnSigterm() throws Exception {
        Path out = dir.resolve("out.log");
        String data = dir.resolve("data").toString();
        Process p = cli(out, "run", "--port", "0", "--data-dir", data);
        String key;
        String adminKey;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> read(out).contains("Switchyard listening on"));
            String log = read(out);
            assertThat(log).containsOnlyOnce("No ANTHROPIC_API_KEY set: using the built-in Claude simulator");
            // stdout is a file here, not a terminal: the secrets go to an owner-only file, the output names it
            Path keys = Path.of(data, "first-start-keys.txt");
            assertThat(log).contains(keys.toAbsolutePath().toString()).doesNotContainPattern("sk-sy-[A-Za-z0-9_-]{43}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(data))))
                    .isEqualTo("rwx------");
            key = find(read(keys), "client API key \\(shown once\\): (sk-sy-[A-Za-z0-9_-]{43})");
            adminKey = find(read(keys), "SWITCHYARD_ADMIN_KEY\\): (sk-sy-admin-[A-Za-z0-9_-]{43})");
            String url = url(log);

            assertThat(post(url, key).statusCode()).isEqualTo(200);
            assertThat(post(url, "sk-sy-guessed").statusCode()).isEqualTo(401);
            String usage = runCli(dir.resolve("usage.log"), adminKey, "usage", "--url", url, "--group-by", "model");
            assertThat(usage).containsPattern("claude-sonnet-4-6\\s+1\\s+");

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String all = read(out);
            assertThat(all).contains("draining").contains("stopped");
            assertThat(all).as("no key in the output").doesNotContain(key).doesNotContain(adminKey);
        } finally {
            p.destroyForcibly();
        }

        Path again = dir.resolve("again.log");
        Process second = cli(again, "run", "--port", "0", "--data-dir", data);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> read(again).contains("Switchyard listening on"));
            assertThat(read(again)).as("secrets are made and shown at the first start only")
                    .doesNotContain("shown once");
            String url = url(read(again));
            assertThat(post(url, key).statusCode()).as("the stored key outlives the process").isEqualTo(200);

            String created = runCli(dir.resolve("create.log"), adminKey, "keys", "create", "--url", url, "--name",
                    "ci", "--model", "claude-haiku-4-5");
            String newKey = find(created, "(sk-sy-[A-Za-z0-9_-]{43})");
            String newId = find(created, "Created key (key_[A-Za-z0-9_-]+)");
            assertThat(post(url, newKey).statusCode()).as("model not allowed for this key").isEqualTo(403);
            assertThat(runCli(dir.resolve("list.log"), adminKey, "keys", "list", "--url", url)).contains(newId)
                    .doesNotContain(newKey);
            runCli(dir.resolve("revoke.log"), adminKey, "keys", "revoke", newId, "--url", url);
            assertThat(post(url, newKey).statusCode()).isEqualTo(401);

            for (int i = 0; i < 8; i++) {
                assertThat(RawHttp.post(url, "/v1/conversations", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"user_id\":\"user-" + i + "\"}"), key).statusCode()).isEqualTo(200);
            }
            assertThat(runCli(dir.resolve("stats.log"), adminKey, "shards", "stats", "--url", url))
                    .containsPattern("shard-0\\s+8\\s+8\\s+0\\s+");
            String added = runCli(dir.resolve("add.log"), adminKey, "shards", "add", "--url", url, "--name", "shard-1",
                    "--embedded-dir", Path.of(data, "shard-1").toString());
            int moved = Integer.parseInt(find(added, "moved to shard-1: (\\d+) conversations"));
            assertThat(moved).isBetween(1, 7);
            assertThat(runCli(dir.resolve("stats2.log"), adminKey, "shards", "stats", "--url", url))
                    .containsPattern("shard-0\\s+" + (8 - moved) + "\\s+")
                    .containsPattern("shard-1\\s+" + moved + "\\s+");
        } finally {
            second.destroyForcibly();
        }
    }

    private static HttpResponse<String> post(String url, String key) throws Exception {
        return RawHttp.post(url, "/v1/messages",
                java.net.http.HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6")), key);
    }

    private static String url(String log) {
        return "http://127.0.0.1:" + find(log, "Switchyard listening on http://[^:]+:(\\d+)");
    }

    /** Runs a CLI command to its end with the admin key in the environment; returns its output. */
    private static String runCli(Path out, String adminKey, String... args) throws Exception {
        Process p = cli(out, Map.of("SWITCHYARD_ADMIN_KEY", adminKey), args);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(out)).isZero();
        return read(out);
    }

    /** Regression: a `run --help` recorded the launcher's start-up cache, and every later start was 2 s slower. */
    @Test
    void run_recordingStartupCache_marksItOnlyWhenServing() throws Exception {
        Path mark = dir.resolve("switchyard-run.aot.ready");
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-D" + StartupCacheMark.PROPERTY + "=" + mark);

        Process help = cli(dir.resolve("help.log"), env, "run", "--help");
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Process broken = cli(dir.resolve("broken.log"), env, "run", "--config", dir.resolve("none.yaml").toString());
        assertThat(broken.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(broken.exitValue()).isEqualTo(2);
        assertThat(mark).as("neither help nor a failed start marks the cache").doesNotExist();

        Path out = dir.resolve("serving.log");
        Process serving = cli(out, env, "run", "--port", "0", "--no-auth", "--event-loops", "1",
                "--data-dir", dir.resolve("data").toString());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(mark));
            // --transport auto: io_uring where the kernel allows it, else epoll (NetworkTransportTest)
            String expected = NetworkTransport.AUTO.pick().name();
            assertThat(read(out)).contains("Switchyard listening on").contains("with 1 event loop(s)")
                    .contains("transport: " + expected);
        } finally {
            serving.destroyForcibly();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--event-loops | 0     | --event-loops: must be 1 to 256, got 0",
        "--transport   | uring | --transport: must be auto, io_uring, epoll or nio, got uring",
    })
    void run_optionOutOfRange_exits2NamingTheOption(String option, String value, String message) throws Exception {
        Path out = dir.resolve("option.log");

        Process p = cli(out, "run", "--port", "0", "--no-auth", option, value);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(read(out)).contains(message);
    }

    /**
     * Regression: Vert.x's default of two event loops per core started loops that only start-up used, each
     * with its own io_uring ring and 0.9 MB of live heap.
     */
    @Test
    void run_eventLoopsOne_startsOneEventLoopThread() throws Exception {
        Path out = dir.resolve("one-loop.log");

        Process p = cli(out, "run", "--port", "0", "--no-auth", "--client-key", "sk-sy-one-loop", "--event-loops", "1",
                "--data-dir", dir.resolve("data").toString());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> read(out).contains("Switchyard listening on"));
            assertThat(post(url(read(out)), "sk-sy-one-loop").statusCode()).isEqualTo(200);

            assertThat(threadNames(p.pid())).filteredOn(n -> n.startsWith("vert.x-eventloo")).hasSize(1);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The names of a process's threads as Linux keeps them (15 characters at most). */
    private static List<String> threadNames(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (NoSuchFileException e) {
                    // the thread ended after the listing
                }
            }
        }
        return names;
    }

    @Test
    void run_transportFromEnvironment_servesOnItAndLogsIt() throws Exception {
        Path out = dir.resolve("nio.log");

        // its own data directory: the key generated for the run is written there, never into the checkout
        Process p = cli(out, Map.of("SWITCHYARD_TRANSPORT", "nio"), "run", "--port", "0", "--no-auth",
                "--event-loops", "1", "--data-dir", dir.resolve("data").toString());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> read(out).contains("transport: "));
            assertThat(read(out)).contains("transport: nio").contains("Switchyard listening on");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void checkConfig_badFile_exits2AndNamesEachProblem() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "deployments:\n  - name: x\n    base_url: nope\n    models: [m]\n    weight: -1\n");
        Path out = dir.resolve("check.log");

        Process p = cli(out, "check-config", cfg.toString());

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(read(out)).contains("deployments[0].base_url: 'nope' is not an http(s) URL with a host")
                .contains("deployments[0].weight: must be between 1 and 1000, got -1");
    }

    @Test
    void checkConfig_exampleFile_isValid() throws Exception {
        Path out = dir.resolve("check.log");

        Process p = cli(out, "check-config", Path.of("..", "switchyard.example.yaml").toString());

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(read(out)).contains("OK (2 deployment(s), 1 client key(s))");
        assertThat(p.exitValue()).isZero();
    }

    private static Process cli(Path out, String... args) throws IOException {
        return cli(out, Map.of(), args);
    }

    private static Process cli(Path out, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = ChildJvm.shared().command(List.of(), List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        // Without ANTHROPIC_API_KEY `run` uses the simulator; check-config of the example needs one.
        pb.environment().remove("ANTHROPIC_API_KEY");
        if (args[0].equals("check-config")) {
            pb.environment().put("ANTHROPIC_API_KEY", "placeholder-anthropic-key");
        }
        pb.environment().put("SWITCHYARD_CLIENT_KEY", "sk-sy-example-key");
        pb.environment().putAll(env);
        pb.directory(new File("."));
        return pb.start();
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }
}
