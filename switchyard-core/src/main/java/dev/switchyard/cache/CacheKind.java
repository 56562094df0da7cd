package dev.switchyard.cache;

import java.time.Duration;

/** The kinds of cached data, each with its own time to live (configurable; these are the defaults). */
public enum CacheKind {
    API_RESPONSE("api_response", Duration.ofMinutes(5), false),
    TRANSLATION("translation", Duration.ofHours(2), false),
    CONVERSATION("conversation", Duration.ofMinutes(30), true),
    USER_PROFILE("user_profile", Duration.ofHours(1), true);

    private final String configName;
    private final Duration defaultTtl;
    private final boolean mutable;

    CacheKind(String configName, Duration defaultTtl, boolean mutable) {
        this.configName = configName;
        this.defaultTtl = defaultTtl;
        this.mutable = mutable;
    }

    /**
     * True when the value under one key changes over time (a conversation grows). Such values are not
     * kept in a replica's L1 when a shared L2 exists, since another replica's write cannot reach it;
     * values that never change under their key (a response to one exact request) can be.
     */
    public boolean mutable() {
        return mutable;
    }

    /** The name in config, metrics and Redis keys. */
    public String configName() {
        return configName;
    }

    public Duration defaultTtl() {
        return defaultTtl;
    }
}
