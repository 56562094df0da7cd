package dev.switchyard.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code switchyard run} as the README's quick start runs it, in a child JVM with the test classpath:
 * the embedded store, auth on, the built-in simulator behind a {@code "*"} deployment, no Redis or
 * PostgreSQL. Hostile-client tests aim at this process, the one a reviewer attacked; {@link Harness}'s
 * {@link Harness#CLIENT_KEY} is passed as a {@code --client-key}, and the first start's admin key is read
 * from the owner-only file the process writes when stdout is not a terminal.
 */
final class QuickStartProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Switchyard listening on http://[^:]+:(\\d+)");
    private static final Pattern ADMIN_KEY = Pattern.compile("SWITCHYARD_ADMIN_KEY\\): (sk-sy-admin-[A-Za-z0-9_-]+)");

    private final Process process;
    private final Path out;
    private final int port;
    private final String adminKey;

    private QuickStartProcess(Process process, Path out, int port, String adminKey) {
        this.process = process;
        this.out = out;
        this.port = port;
        this.adminKey = adminKey;
    }

    /** Starts it with its data directory, working directory and output file in {@code dir}. */
    static QuickStartProcess start(Path dir) throws IOException {
        Path out = dir.resolve("gateway.log");
        Path data = dir.resolve("data");
        List<String> cmd = ChildJvm.shared().command(List.of("-Xmx512m"), List.of("run", "--port", "0",
                "--data-dir", data.toString(), "--client-key", Harness.CLIENT_KEY));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(dir.toFile());
        pb.environment().remove("ANTHROPIC_API_KEY");
        Process process = pb.start();
        try {
            // The full line, not "listening on": the gateway logs "gateway listening on" first, and on a busy
            // machine the port line comes a while later.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !process.isAlive() || LISTENING.matcher(read(out)).find());
            int port = Integer.parseInt(find(LISTENING, read(out)));
            String admin = find(ADMIN_KEY, read(data.resolve(SecretNotices.FILE)));
            return new QuickStartProcess(process, out, port, admin);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the quick start did not come up; its output:\n" + read(out), e);
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String adminKey() {
        return adminKey;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** A new virtual key made through the admin API; its secret. */
    String createKey(String json) {
        HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/keys"))
                .header("x-api-key", adminKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a key: " + r.statusCode() + " " + r.body());
        }
        try {
            JsonNode created = Json.mapper().readTree(r.body());
            return created.path("key").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the process printed so far. */
    String output() {
        return read(out);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + pattern);
        }
        return m.group(1);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
