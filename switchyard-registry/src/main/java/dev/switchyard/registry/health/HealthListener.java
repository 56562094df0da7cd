package dev.switchyard.registry.health;

/** Told of every health transition. Runs on the checker's thread: keep it short; what it throws is logged and dropped. */
@FunctionalInterface
public interface HealthListener {
    void onTransition(HealthTransition transition);
}
