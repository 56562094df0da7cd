package dev.switchyard.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A dnsmasq (Debian's dnsmasq-base) of the test's own on a free loopback port, answering only for the names
 * the test gives it: A records from a hosts file ({@link #hosts}, re-read on {@link #reload}, a SIGHUP) and
 * SRV records from its command line ({@link #srv}, applied by {@link #restart}). Names in {@code domain} that
 * it has no record for get NXDOMAIN; it never asks another server.
 */
public final class Dnsmasq implements AutoCloseable {
    public final int port;
    private final String domain;
    private final Path dir;
    private final List<String> srv = new ArrayList<>();
    private Process process;

    public Dnsmasq(String domain) throws IOException {
        this.domain = domain;
        this.port = freeUdpAndTcpPort();
        this.dir = Files.createTempDirectory("switchyard-dnsmasq-");
        Files.writeString(dir.resolve("hosts"), "");
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            try (DatagramSocket u = new DatagramSocket(p, InetAddress.getLoopbackAddress());
                    ServerSocket t = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port for dnsmasq");
    }

    /** Replaces the A records: lines of {@code address name}. Seen after {@link #reload} or {@link #restart}. */
    public Dnsmasq hosts(String... lines) throws IOException {
        Files.writeString(dir.resolve("hosts"), String.join("\n", lines) + "\n");
        return this;
    }

    /** Replaces the SRV records: each {@code name,target,port,priority,weight}. Seen after {@link #restart}. */
    public Dnsmasq srv(String... records) {
        srv.clear();
        srv.addAll(List.of(records));
        return this;
    }

    public Dnsmasq start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary(), "--keep-in-foreground", "--conf-file=/dev/null",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + dir.resolve("hosts"), "--local=/" + domain + "/", "--cache-size=0",
                "--user=" + System.getProperty("user.name"), "--pid-file=", "--log-facility=-"));
        srv.forEach(r -> cmd.add("--srv-host=" + r));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited: " + Files.readString(dir.resolve("log")));
            }
            if (Files.readString(dir.resolve("log")).contains("read " + dir.resolve("hosts"))) {
                return this;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("dnsmasq did not start on port " + port);
    }

    /** Debian puts it in /usr/sbin, which a non-login PATH may lack. */
    private static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq";
    }

    /** SIGHUP: dnsmasq re-reads the hosts file (not its command line). */
    public void reload() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("could not send SIGHUP to dnsmasq");
        }
    }

    /** Stops and starts it on the same port, with the current hosts file and SRV records. */
    public void restart() throws Exception {
        stop();
        start();
    }

    /** Stops answering (the process ends); {@link #start} brings it back on the same port. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
