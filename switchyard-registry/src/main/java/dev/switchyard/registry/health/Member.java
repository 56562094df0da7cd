package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** One instance of the set with its health, in-flight count and check loop. Guarded by its {@link InstanceSet}. */
final class Member {
    /** Replaced when the registry sends new details (version, metadata) for the same address. */
    volatile Instance instance;
    final InstanceHealth health;
    final AtomicInteger inFlight = new AtomicInteger();
    final Instant since;
    CheckLoop loop;

    Member(Instance instance, HealthSettings settings, Instant firstSeen) {
        this.instance = instance;
        this.health = new InstanceHealth(settings);
        this.since = instance.registeredAt() != null ? instance.registeredAt() : firstSeen;
    }
}
