package dev.switchyard.registry.health;

import java.time.Duration;

/**
 * Runs a task after a delay. The checker takes time only from here and from its clock, so tests move a
 * fake clock instead of sleeping; production uses {@link VertxScheduler}.
 */
@FunctionalInterface
public interface Scheduler {
    /** Schedules {@code task} once after {@code delay}; the returned handle cancels it (harmless if it already ran). */
    Runnable schedule(Duration delay, Runnable task);
}
