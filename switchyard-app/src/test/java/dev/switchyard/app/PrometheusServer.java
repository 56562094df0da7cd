package dev.switchyard.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on a free loopback port with its own data
 * directory, scraping {@code targets} as the job {@code switchyard} every second and evaluating
 * {@code rules} every second. Stopped by {@link #close}.
 */
final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static PrometheusServer start(Path dir, Path rules, List<String> targets) throws IOException {
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: switchyard
                    static_configs:
                      - targets: [%s]
                """.formatted(rules.toAbsolutePath(), String.join(", ", targets.stream()
                .map(t -> "\"" + t + "\"").toList())));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, port);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || server.ready());
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(log));
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code GET /api/v1/<path>}: the {@code data} of a successful answer; fails on any other. */
    JsonNode api(String path) {
        HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/" + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
        try {
            JsonNode body = Json.mapper().readTree(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode query(String promql) {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    private boolean ready() {
        try {
            return RawHttp.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build()).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
