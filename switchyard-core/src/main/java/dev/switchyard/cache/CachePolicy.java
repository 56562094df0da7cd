package dev.switchyard.cache;

import java.util.Locale;

/**
 * A key's response-cache policy, for requests that do not say ({@code x-switchyard-cache} absent):
 * {@code ON_REQUEST} looks up only what asks for it (or, when configured, deterministic requests),
 * {@code ALWAYS} looks up every request, {@code NEVER} none. The request's header, when present, wins.
 */
public enum CachePolicy {
    ON_REQUEST("on_request"),
    ALWAYS("always"),
    NEVER("never");

    private final String configName;

    CachePolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** {@code null} is {@link #ON_REQUEST}; anything else must be one of the config names. */
    public static CachePolicy parse(String name) {
        if (name == null) {
            return ON_REQUEST;
        }
        for (CachePolicy p : values()) {
            if (p.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected on_request, always or never, got '" + name + "'");
    }
}
