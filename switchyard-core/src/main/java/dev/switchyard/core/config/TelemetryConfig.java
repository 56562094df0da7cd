package dev.switchyard.core.config;

import java.net.URI;
import java.util.Map;

/**
 * The {@code telemetry:} section: tracing with OpenTelemetry. {@code endpoint} null: no export (spans are
 * still kept for {@code /admin/traces} when {@code recentTraces} is above zero). Export samples parent-based
 * by {@code samplingRatio}; the recent-trace store keeps a trace a client sampled, any trace with an error,
 * and others by {@code recentRatio}, among the traces recorded for it: at most {@code recentPerSecond} new
 * traces a second (0: all) beside those export samples. {@code headers} may hold credentials:
 * {@link #toString()} names them only. {@code captureContent}: prompt text may go into spans (off: never).
 */
public record TelemetryConfig(
        URI endpoint,
        Map<String, String> headers,
        double samplingRatio,
        String serviceName,
        Map<String, String> resourceAttributes,
        int recentTraces,
        double recentRatio,
        int recentPerSecond,
        boolean captureContent) {

    public static final int DEFAULT_RECENT_TRACES = 1000;
    public static final double DEFAULT_RECENT_RATIO = 0.1;
    /** Recording every request took 7 % of the quick start's event-loop CPU: under load, only a sample. */
    public static final int DEFAULT_RECENT_PER_SECOND = 200;

    public TelemetryConfig {
        headers = Map.copyOf(headers);
        resourceAttributes = Map.copyOf(resourceAttributes);
        serviceName = serviceName == null || serviceName.isBlank() ? "switchyard" : serviceName;
    }

    /** The quick start's: no export, the last 1,000 traces kept in memory. */
    public static TelemetryConfig defaults() {
        return new TelemetryConfig(null, Map.of(), 1.0, "switchyard", Map.of(), DEFAULT_RECENT_TRACES,
                DEFAULT_RECENT_RATIO, DEFAULT_RECENT_PER_SECOND, false);
    }

    /** Nothing traced at all: no export, no recent traces. */
    public static TelemetryConfig off() {
        return new TelemetryConfig(null, Map.of(), 0, "switchyard", Map.of(), 0, 0, 0, false);
    }

    public boolean exports() {
        return endpoint != null;
    }

    /** True when spans are made at all (an exporter or the recent-trace store takes them). */
    public boolean traces() {
        return exports() || recentTraces > 0;
    }

    public TelemetryConfig withRecent(int traces, double ratio) {
        return new TelemetryConfig(endpoint, headers, samplingRatio, serviceName, resourceAttributes, traces, ratio,
                recentPerSecond, captureContent);
    }

    public TelemetryConfig withEndpoint(URI newEndpoint, String newServiceName) {
        return new TelemetryConfig(newEndpoint, headers, samplingRatio, newServiceName, resourceAttributes,
                recentTraces, recentRatio, recentPerSecond, captureContent);
    }

    @Override
    public String toString() {
        return "TelemetryConfig[endpoint=" + endpoint + ", headers=" + headers.keySet() + ", samplingRatio="
                + samplingRatio + ", serviceName=" + serviceName + ", resourceAttributes=" + resourceAttributes
                + ", recentTraces=" + recentTraces + ", recentRatio=" + recentRatio + ", recentPerSecond="
                + recentPerSecond + ", captureContent=" + captureContent + "]";
    }
}
