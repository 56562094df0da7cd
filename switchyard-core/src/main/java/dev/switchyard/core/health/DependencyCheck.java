package dev.switchyard.core.health;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;

/**
 * One dependency of this process (a database, a Redis) and how to check it. {@code required}: when it is
 * down the process cannot do its job ({@code /health} says "down", 503); otherwise it has a fallback
 * ("degraded", 200). The name shows in {@code /health}: it comes from configuration (a shard's name, a
 * node's index), never a URL, so no password can leak through it.
 */
public record DependencyCheck(String name, boolean required, Probe probe) {
    public DependencyCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
    }

    /** The check itself: succeeds when the dependency answered; must never block the calling thread. */
    @FunctionalInterface
    public interface Probe {
        /** {@code timeout}: how long the runner waits; a probe may use it to bound its own call. */
        Future<Void> check(Duration timeout);
    }

    public static DependencyCheck required(String name, Probe probe) {
        return new DependencyCheck(name, true, probe);
    }

    public static DependencyCheck optional(String name, Probe probe) {
        return new DependencyCheck(name, false, probe);
    }
}
