package dev.switchyard.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An etcd of the test's own (Debian's etcd-server): one member, its data in a temp dir, client and peer ports
 * free on loopback. {@link #kill} and {@link #start} again keep the port (and the data, unless wiped), so a
 * test can restart it under its clients.
 */
public final class EtcdServer implements AutoCloseable {
    public final int clientPort;
    private final int peerPort;
    private final Path dir;
    private Process process;

    public EtcdServer() throws IOException {
        this.clientPort = freePort();
        this.peerPort = freePort();
        this.dir = Files.createTempDirectory("switchyard-etcd-");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + clientPort;
    }

    public EtcdServer start() throws Exception {
        String client = url();
        String peer = "http://127.0.0.1:" + peerPort;
        process = new ProcessBuilder(List.of("etcd", "--name", "test", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer, "--initial-cluster", "test=" + peer))
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited: " + Files.readString(dir.resolve("etcd.log")));
            }
            if (healthy()) {
                return this;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("etcd did not become healthy on " + client);
    }

    private boolean healthy() {
        try (Socket s = new Socket("127.0.0.1", clientPort)) {
            s.getOutputStream().write(("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes());
            String reply = new String(s.getInputStream().readAllBytes());
            return reply.contains("\"health\":\"true\"");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Gone at once, as in a crash. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Deletes its data, so the next start is a new, empty cluster (as after losing the etcd volume). */
    public void wipe() throws IOException {
        deleteTree(dir.resolve("data"));
    }

    @Override
    public void close() throws Exception {
        kill();
        deleteTree(dir);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
