package dev.switchyard.core.health;

/**
 * The outcome of one dependency's check.
 *
 * @param latencyMs how long the check took (the timeout when it timed out)
 * @param error null when up; else a short reason (the exception's class and message, redacted), never a URL
 *     with credentials
 */
public record DependencyStatus(boolean up, boolean required, long latencyMs, String error) {}
