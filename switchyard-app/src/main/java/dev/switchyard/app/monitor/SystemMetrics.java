package dev.switchyard.app.monitor;

/**
 * Names of the system monitor's own meters: what Micrometer's binders do not measure, read from
 * {@code /proc} (Linux). The binders add {@code jvm_*}, {@code process_cpu_usage}, {@code process_files_*},
 * {@code system_cpu_usage}, {@code system_load_average_1m} and {@code disk_free_bytes} /
 * {@code disk_total_bytes} by {@link #TAG_PATH}. No label comes from a request: paths are the
 * configuration's, interfaces are summed.
 */
public final class SystemMetrics {
    /** Physical memory (gauge, bytes): {@code MemTotal}. */
    public static final String MEMORY_TOTAL = "switchyard.system.memory.total";
    /** Memory available to new work without swapping (gauge, bytes): {@code MemAvailable}. */
    public static final String MEMORY_AVAILABLE = "switchyard.system.memory.available";
    /** Total minus available (gauge, bytes). */
    public static final String MEMORY_USED = "switchyard.system.memory.used";
    /** This process's resident set (gauge, bytes): {@code VmRSS}. */
    public static final String PROCESS_RSS = "switchyard.process.memory.rss";
    /** Bytes received on every interface but loopback since boot (counter). */
    public static final String NETWORK_RECEIVED = "switchyard.system.network.received";
    /** Bytes sent on every interface but loopback since boot (counter). */
    public static final String NETWORK_SENT = "switchyard.system.network.sent";

    /** The disk binder's tag: the filesystem path measured ({@code /} and the data directory). */
    public static final String TAG_PATH = "path";

    private SystemMetrics() {}
}
