package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * One active check of one instance: a succeeded future when it is healthy, a failed one (with a short
 * message of ours) when not. The checker enforces the timeout itself on its scheduler; {@code timeout}
 * lets the probe also free its connection.
 */
@FunctionalInterface
public interface HealthProbe {
    Future<Void> check(Instance instance, Duration timeout);
}
