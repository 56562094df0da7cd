package dev.switchyard.deploy;

import java.util.List;
import java.util.stream.Stream;

/**
 * The deployment design's environments, written out here independently of the chart's values files: the
 * tests compare what the chart renders with these. Limits are twice the requests (the design's base ratio).
 */
record Profile(Environment env, int replicas, String requestMemory, String requestCpu, String limitMemory,
               String limitCpu) {
    static final List<String> ROLES = List.of("gateway", "auth", "claude", "conversation", "cache", "filter",
            "translation");

    static Stream<Profile> all() {
        return Stream.of(
                new Profile(Environment.DEV, 1, "256Mi", "100m", "512Mi", "200m"),
                new Profile(Environment.STAGING, 2, "512Mi", "250m", "1Gi", "500m"),
                new Profile(Environment.PROD, 3, "1Gi", "500m", "2Gi", "1000m"));
    }

    Rendered rendered() {
        return Rendered.of(env);
    }

    @Override
    public String toString() {
        return env.id();
    }
}
