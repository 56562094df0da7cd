package dev.switchyard.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemMonitorTest {
    private static final String MEMINFO = """
            MemTotal:        8000000 kB
            MemFree:          500000 kB
            MemAvailable:    3000000 kB
            Buffers:          100000 kB
            """;
    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 9000000 kB
            VmRSS:\t  250000 kB
            Threads:\t42
            """;
    private static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 9999999    100    0    0    0     0          0         0  9999999     100    0    0    0     0       0          0
              eth0: 1000       10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0
              eth1:  500        5    0    0    0     0          0         0      700       7    0    0    0     0       0          0
            """;

    @TempDir
    Path proc;
    private final Vertx vertx = Vertx.vertx();
    private SystemMonitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void read_procFiles_parsesMemoryRssAndNetworkWithoutLoopback() throws IOException {
        writeProc(NET_DEV);

        ProcReader.Snapshot s = new ProcReader(proc).read();

        assertThat(s.memory()).isEqualTo(new ProcReader.Memory(8_000_000L * 1024, 3_000_000L * 1024));
        assertThat(s.memory().usedBytes()).isEqualTo(5_000_000L * 1024);
        assertThat(s.rssBytes()).isEqualTo(250_000L * 1024);
        assertThat(s.network()).isEqualTo(new ProcReader.Network(1500, 2700));
    }

    @Test
    void read_missingOrGarbledFiles_givesUnknownInsteadOfFailing() throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal: lots kB\n");
        Files.writeString(proc.resolve("net/dev"), "header\nheader\n  eth0 no colon here\n");

        ProcReader.Snapshot s = new ProcReader(proc).read();

        assertThat(s).isEqualTo(ProcReader.Snapshot.UNKNOWN);
        assertThat(s.memory().usedBytes()).isEqualTo(-1);
    }

    @Test
    void read_thisMachinesProc_findsMemoryAndRss() {
        ProcReader.Snapshot s = new ProcReader(Path.of("/proc")).read();

        assertThat(s.memory().totalBytes()).isPositive();
        assertThat(s.memory().availableBytes()).isPositive().isLessThanOrEqualTo(s.memory().totalBytes());
        assertThat(s.rssBytes()).isPositive();
        assertThat(s.network().receivedBytes()).isNotNegative();
    }

    @Test
    void monitor_procChanges_gaugesFollowAtTheIntervalAndUnknownIsNoNumber() throws IOException {
        writeProc(NET_DEV);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        monitor = SystemMonitor.start(vertx, registry, List.of(proc, proc.resolve("absent")), proc,
                Duration.ofMillis(50));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(registry.get(SystemMetrics.MEMORY_USED).gauge().value()).isEqualTo(5_000_000d * 1024));
        assertThat(registry.get(SystemMetrics.NETWORK_SENT).functionCounter().count()).isEqualTo(2700);
        assertThat(registry.get("disk.total").tag(SystemMetrics.TAG_PATH, proc.toString()).gauge().value())
                .isPositive();
        assertThat(registry.find("disk.total").gauges()).as("a data directory that does not exist").hasSize(1);
        assertThat(registry.find("jvm.memory.used").gauges()).isNotEmpty();
        assertThat(registry.find("jvm.threads.live").gauge()).isNotNull();
        assertThat(registry.find("jvm.classes.loaded").gauge()).isNotNull();
        assertThat(registry.find("process.cpu.usage").gauge()).isNotNull();

        Files.delete(proc.resolve("meminfo"));
        Files.delete(proc.resolve("net/dev"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(registry.get(SystemMetrics.MEMORY_USED).gauge().value()).isNaN());
        assertThat(registry.get(SystemMetrics.NETWORK_SENT).functionCounter().count())
                .as("a counter keeps its last total").isEqualTo(2700);
        assertThat(registry.get(SystemMetrics.PROCESS_RSS).gauge().value()).isEqualTo(250_000d * 1024);
    }

    private void writeProc(String netDev) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("meminfo"), MEMINFO);
        Files.writeString(proc.resolve("self/status"), STATUS);
        Files.writeString(proc.resolve("net/dev"), netDev);
    }
}
