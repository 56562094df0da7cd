package dev.switchyard.registry.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one active check.
 *
 * @param at when the check finished
 * @param healthy whether the instance answered 2xx in time
 * @param latency how long it took (the timeout when it timed out)
 * @param detail "ok", "timeout", "status 503", or the kind of transport failure; never a response body
 */
public record CheckResult(Instant at, boolean healthy, Duration latency, String detail) {}
