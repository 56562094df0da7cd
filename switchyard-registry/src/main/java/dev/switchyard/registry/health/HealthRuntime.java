package dev.switchyard.registry.health;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.random.RandomGenerator;

/** What the checker takes from outside: time, timers, randomness (for jitter) and the meter registry. */
public record HealthRuntime(Clock clock, Scheduler scheduler, RandomGenerator random, MeterRegistry meters) {}
