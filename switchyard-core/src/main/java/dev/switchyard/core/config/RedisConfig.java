package dev.switchyard.core.config;

import java.time.Duration;

/**
 * The shared Redis of the replicas. {@code url} null means none (embedded default): limits are then
 * per process. Every call is bounded by {@code timeout}; the breaker ({@code Breakers.sharedStore}) stops
 * calling for {@code breaker.openDuration()} when most recent calls failed.
 * A password in the URL is a secret: {@link #toString()} hides it.
 */
public record RedisConfig(String url, Duration timeout, String keyPrefix, BreakerConfig breaker) {

    public static RedisConfig none() {
        return new RedisConfig(null, Duration.ofMillis(50), "switchyard:", new BreakerConfig(5, Duration.ofSeconds(5), 1));
    }

    public static RedisConfig at(String url) {
        return new RedisConfig(url, Duration.ofMillis(50), "switchyard:", new BreakerConfig(5, Duration.ofSeconds(5), 1));
    }

    public boolean enabled() {
        return url != null;
    }

    public RedisConfig withKeyPrefix(String prefix) {
        return new RedisConfig(url, timeout, prefix, breaker);
    }

    @Override
    public String toString() {
        String shown = url == null ? "<none>" : url.replaceAll("//[^@/]*@", "//<redacted>@");
        return "RedisConfig[url=" + shown + ", timeout=" + timeout + ", keyPrefix=" + keyPrefix + ", breaker=" + breaker + "]";
    }
}
