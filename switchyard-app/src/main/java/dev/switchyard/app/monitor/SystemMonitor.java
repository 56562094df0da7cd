package dev.switchyard.app.monitor;

import static dev.switchyard.app.monitor.SystemMetrics.*;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's and its machine's resources as meters: the JVM (memory pools, GC pauses, threads,
 * classes), the process (CPU, open files, uptime) and the system (CPU, load, disks) through Micrometer's
 * binders, and what they lack (memory used and available, RSS, network bytes) read from {@code /proc}
 * every {@code interval} on a worker thread. Gauges show the last reading; a failed one leaves them
 * without a number, never fails the scrape.
 */
public final class SystemMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemMonitor.class);
    /** How often {@code /proc} is read: the design's system monitor interval. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final ProcReader reader;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile ProcReader.Snapshot last = ProcReader.Snapshot.UNKNOWN;
    private long timerId = -1;

    private SystemMonitor(Vertx vertx, ProcReader reader) {
        this.vertx = vertx;
        this.reader = reader;
    }

    /** Binds every meter to {@code registry} and reads {@code /proc} now and then every {@link #INTERVAL}. */
    public static SystemMonitor start(Vertx vertx, MeterRegistry registry, Collection<Path> disks) {
        return start(vertx, registry, disks, Path.of("/proc"), INTERVAL);
    }

    static SystemMonitor start(Vertx vertx, MeterRegistry registry, Collection<Path> disks, Path proc,
            Duration interval) {
        SystemMonitor monitor = new SystemMonitor(vertx, new ProcReader(proc));
        monitor.bind(registry, disks);
        monitor.refresh();
        monitor.timerId = vertx.setPeriodic(interval.toMillis(), id -> monitor.refresh());
        return monitor;
    }

    private void bind(MeterRegistry registry, Collection<Path> disks) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (Path disk : existing(disks)) {
            new DiskSpaceMetrics(disk.toFile()).bindTo(registry);
        }
        gauge(registry, MEMORY_TOTAL, s -> s.memory().totalBytes());
        gauge(registry, MEMORY_AVAILABLE, s -> s.memory().availableBytes());
        gauge(registry, MEMORY_USED, s -> s.memory().usedBytes());
        gauge(registry, PROCESS_RSS, ProcReader.Snapshot::rssBytes);
        counter(registry, NETWORK_RECEIVED, s -> s.network().receivedBytes());
        counter(registry, NETWORK_SENT, s -> s.network().sentBytes());
    }

    /** Absolute and distinct (the data directory is often on {@code /}'s disk, still its own series). */
    private static Set<Path> existing(Collection<Path> disks) {
        Set<Path> found = new LinkedHashSet<>();
        for (Path disk : disks) {
            Path p = disk.toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                found.add(p);
            }
        }
        return found;
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<ProcReader.Snapshot> value) {
        Gauge.builder(name, this, m -> known(value.applyAsDouble(m.last))).baseUnit("bytes").register(registry);
    }

    /** A counter must not go back: an unknown reading keeps the last known total. */
    private void counter(MeterRegistry registry, String name, ToDoubleFunction<ProcReader.Snapshot> value) {
        double[] lastKnown = {0};
        FunctionCounter.builder(name, this, m -> {
            double v = value.applyAsDouble(m.last);
            lastKnown[0] = v < 0 ? lastKnown[0] : v;
            return lastKnown[0];
        }).baseUnit("bytes").register(registry);
    }

    private static double known(double v) {
        return v < 0 ? Double.NaN : v;
    }

    /** Reads {@code /proc} on a worker thread (file reads do not belong on an event loop). */
    private void refresh() {
        vertx.executeBlocking(reader::read, false).onComplete(ar -> {
            if (ar.succeeded()) {
                last = ar.result();
            } else {
                LOG.debug("system monitor reading failed", ar.cause());
            }
        });
    }

    /** The last reading (for tests). */
    ProcReader.Snapshot last() {
        return last;
    }

    @Override
    public void close() {
        vertx.cancelTimer(timerId);
        gc.close();
    }
}
