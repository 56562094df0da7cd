package dev.switchyard.supervisor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Topologies of {@link TestChild} processes on free loopback ports, with short intervals. */
final class Fixture {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Fixture() {}

    static Path configIn(Path dir) throws IOException {
        Path config = dir.resolve("switchyard.yaml");
        Files.writeString(config, "# the test child does not read it; the topology loader only checks it exists\n");
        return config;
    }

    /** A topology whose checks run every 100ms, failing children restart after 3 checks, backoff 100ms..400ms. */
    static Topology topology(Path dir, String services) throws IOException {
        configIn(dir);
        String yaml = """
                config: switchyard.yaml
                run_dir: run
                services:
                %s
                supervision:
                  check_interval: 100ms
                  check_timeout: 100ms
                  unhealthy_after: 3
                  start_timeout: 20s
                  restart_backoff: { min: 100ms, max: 400ms }
                  stop_grace: 1s
                """.formatted(services.indent(2).stripTrailing());
        return new TopologyLoader(name -> null).parse(yaml, dir);
    }

    /** Runs {@link TestChild} from this module's test classes, with {@code flags} before the usual arguments. */
    static ChildCommand testChild(String... flags) {
        try {
            String classes = Path.of(TestChild.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            return new ChildCommand(ChildCommand.self().java(), classes, TestChild.class.getName(), List.of(flags));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first of {@code count} consecutive ports that are free on loopback now. */
    static int freePorts(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static boolean allFree(int first, int count) {
        for (int p = first; p < first + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    static int post(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    static int get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    static String body(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
