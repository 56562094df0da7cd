package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchyard.core.json.Json;
import java.io.File;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchyard shards add} as a user runs it (a real process): a password on the command line is visible to
 * every user of the machine (ps, /proc, shell history), so it comes from the environment or standard input.
 */
class ShardsAddPasswordTest {
    private static final String REPORT = "{\"new_shard\":\"shard-1\",\"conversations_moved\":0,\"messages_moved\":0,"
            + "\"profiles_moved\":0,\"moves\":[]}";

    @TempDir
    Path dir;
    private HttpServer admin;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        admin.createContext("/admin/shards", exchange -> {
            received.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            byte[] body = REPORT.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.stop(0);
    }

    @Test
    void shardsAdd_passwordOnTheCommandLine_isRefusedAndNothingIsSent() throws Exception {
        Result r = run(Map.of(), null, "--password", "argv-secret");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.output).contains("SWITCHYARD_SHARD_PASSWORD").contains("--password-stdin")
                .doesNotContain("argv-secret");
        assertThat(received).isEmpty();
    }

    @Test
    void shardsAdd_passwordFromTheEnvironment_isSent() throws Exception {
        Result r = run(Map.of("SWITCHYARD_SHARD_PASSWORD", "env-secret"), null);

        assertThat(r.exit).as(r.output).isZero();
        assertThat(received).singleElement().satisfies(b -> assertThat(b.path("password").asText()).isEqualTo("env-secret"));
        assertThat(r.output).doesNotContain("env-secret");
    }

    @Test
    void shardsAdd_passwordStdin_readsTheFirstLineOfStandardInput() throws Exception {
        Result r = run(Map.of("SWITCHYARD_SHARD_PASSWORD", "env-loses"), "stdin-secret\n", "--password-stdin");

        assertThat(r.exit).as(r.output).isZero();
        assertThat(received).singleElement()
                .satisfies(b -> assertThat(b.path("password").asText()).isEqualTo("stdin-secret"));
    }

    @Test
    void shardsAdd_noPassword_sendsNone() throws Exception {
        Result r = run(Map.of(), null);

        assertThat(r.exit).as(r.output).isZero();
        assertThat(received).singleElement().satisfies(b -> assertThat(b.has("password")).isFalse());
    }

    private record Result(int exit, String output) {}

    private Result run(Map<String, String> env, String stdin, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("shards", "add", "--url",
                "http://127.0.0.1:" + admin.getAddress().getPort(), "--name", "shard-1", "--jdbc-url",
                "jdbc:postgresql://db2/sy", "--user", "sy"));
        args.addAll(List.of(extra));
        List<String> cmd = ChildJvm.shared().command(List.of(), args);
        Path out = dir.resolve("out-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(new File("."));
        pb.environment().remove("SWITCHYARD_SHARD_PASSWORD");
        pb.environment().put("SWITCHYARD_ADMIN_KEY", "sk-sy-admin-test");
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out));
    }
}
