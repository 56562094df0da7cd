package dev.switchyard.cache;

import java.time.Duration;

/** The kinds of cached data, each with its own time to live (configurable; these are the defaults). */
public enum CacheKind {
    API_RESPONSE("api_response", Duration.ofMinutes(5)),
    TRANSLATION("translation", Duration.ofHours(2)),
    CONVERSATION("conversation", Duration.ofMinutes(30)),
    USER_PROFILE("user_profile", Duration.ofHours(1));

    private final String configName;
    private final Duration defaultTtl;

    CacheKind(String configName, Duration defaultTtl) {
        this.configName = configName;
        this.defaultTtl = defaultTtl;
    }

    /** The name in config, metrics and Redis keys. */
    public String configName() {
        return configName;
    }

    public Duration defaultTtl() {
        return defaultTtl;
    }
}
