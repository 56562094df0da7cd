package dev.switchyard.supervisor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Checks one child; never throws, never fails the future: a failure is an unhealthy {@link CheckResult}. */
interface HealthCheck {
    CompletableFuture<CheckResult> check(ChildSpec child, Duration timeout);
}
