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
        boolean http2) {

    /**
     * Requests in flight per deployment unless configured: a safety cap, high enough that one
     * gateway can hold ten thousand streams through a single deployment.
     */
    public static final int DEFAULT_MAX_CONCURRENT = 20_000;

    public DeploymentConfig {
        models = List.copyOf(models);
    }

    /** Never prints the key: records print every field by default, and configs end up in logs. */
    @Override
    public String toString() {
        return "DeploymentConfig[name=" + name + ", provider=" + provider + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "<none>" : "<redacted>")
                + ", models=" + models + ", weight=" + weight + ", maxConcurrent=" + maxConcurrent
                + ", timeouts=" + timeouts + ", http2=" + http2 + "]";
    }
}
