package dev.switchyard.core.config;

import java.util.List;

/**
 * One upstream deployment: an Anthropic-compatible endpoint with its own key, models and limits.
 * {@code http2}: multiplex requests over a few HTTP/2 connections (negotiated by ALPN over https,
 * prior knowledge over plain http) instead of one HTTP/1.1 connection per request in flight.
 */
public record DeploymentConfig(
        String name,
        String provider,
        String baseUrl,
        String apiKey,
        List<ServedModel> models,
        int weight,
        int maxConcurrent,
        Timeouts timeouts,
        boolean http2,
        List<String> passthrough) {

    /**
     * Requests in flight per deployment unless configured: a safety cap, high enough that one
     * gateway can hold ten thousand streams through a single deployment.
     */
    public static final int DEFAULT_MAX_CONCURRENT = 20_000;

    /** Every {@code /v1/} path may pass through unless the deployment's {@code passthrough} list says less. */
    public static final List<String> PASS_EVERYTHING = List.of("/v1/");

    public DeploymentConfig {
        models = List.copyOf(models);
        passthrough = passthrough == null ? PASS_EVERYTHING : List.copyOf(passthrough);
    }

    /** A deployment that lets every {@code /v1/} path through. */
    public DeploymentConfig(String name, String provider, String baseUrl, String apiKey, List<ServedModel> models,
            int weight, int maxConcurrent, Timeouts timeouts, boolean http2) {
        this(name, provider, baseUrl, apiKey, models, weight, maxConcurrent, timeouts, http2, PASS_EVERYTHING);
    }

    /**
     * Whether a request for {@code path} (no query) that the gateway does not interpret (batches, files, any
     * other {@code /v1/} path) may be passed to this deployment: some entry of its list is the path or a
     * prefix of it ending at a segment boundary.
     */
    public boolean passes(String path) {
        for (String prefix : passthrough) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Never prints the key: records print every field by default, and configs end up in logs. */
    @Override
    public String toString() {
        return "DeploymentConfig[name=" + name + ", provider=" + provider + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "<none>" : "<redacted>")
                + ", models=" + models + ", weight=" + weight + ", maxConcurrent=" + maxConcurrent
                + ", timeouts=" + timeouts + ", http2=" + http2 + ", passthrough=" + passthrough + "]";
    }
}
