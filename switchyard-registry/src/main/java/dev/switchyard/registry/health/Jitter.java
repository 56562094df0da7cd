package dev.switchyard.registry.health;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Spreads a period by ±fraction with an injected random source, so tests can pin the extremes. */
final class Jitter {
    private final double fraction;
    private final RandomGenerator random;

    Jitter(double fraction, RandomGenerator random) {
        this.fraction = fraction;
        this.random = random;
    }

    /** {@code period} scaled by a factor in [1 - fraction, 1 + fraction). */
    Duration apply(Duration period) {
        double factor = 1 + fraction * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.round(period.toNanos() * factor));
    }
}
