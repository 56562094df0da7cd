package dev.switchyard.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A redis-server of the test's own, on a free port, that the test may kill, restart and pause. */
public final class RedisServer implements AutoCloseable {
    public final int port;
    private final Path clusterDir;
    private Process process;

    public RedisServer() throws IOException {
        this(freePort(), null);
    }

    private RedisServer(int port, Path clusterDir) {
        this.port = port;
        this.clusterDir = clusterDir;
    }

    /** A cluster-enabled node; its bus port (port + 10000) is free too. */
    public static RedisServer clusterNode(Path dir) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (free(p) && free(p + 10_000)) {
                return new RedisServer(p, dir);
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again, after {@link #kill}: same port, empty). */
    public RedisServer start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no"));
        if (clusterDir != null) {
            cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                    "--dir", clusterDir.toString()));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Gone at once, as in a crash: no goodbye to the clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Blocks every client command for {@code millis}. */
    public void pause(long millis) throws Exception {
        cli("CLIENT", "PAUSE", Long.toString(millis), "ALL");
    }

    /** redis-cli against this node; its output. */
    public String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    public static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(20, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
