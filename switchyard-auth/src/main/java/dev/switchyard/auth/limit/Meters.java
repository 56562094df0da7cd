package dev.switchyard.auth.limit;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters of {@link LimitMetrics}. Counting never fails a request: a broken registry is ignored. */
final class Meters {
    private final MeterRegistry registry;

    Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    void fallback(String control, String mode) {
        count(LimitMetrics.FALLBACK, LimitMetrics.CONTROL, control, LimitMetrics.MODE, mode);
    }

    void rejected(ApiException e) {
        count(LimitMetrics.REJECTED, LimitMetrics.REASON, e.type() == ErrorType.BILLING ? "billing" : "rate_limit");
    }

    void redisFailure(String script) {
        count(LimitMetrics.REDIS_FAILURES, LimitMetrics.SCRIPT, script);
    }

    void settleFailed() {
        count(LimitMetrics.SETTLE_FAILURES);
    }

    void granting() {
        count(LimitMetrics.GRANTS);
    }

    /** {@code used} of {@code budget} micros in one period; nothing when the scope has no such budget. */
    void budgetUsed(String period, double used, long budget) {
        if (budget <= 0 || used < 0) {
            return;
        }
        try {
            DistributionSummary.builder(LimitMetrics.BUDGET_USED).baseUnit("ratio").tag(LimitMetrics.PERIOD, period)
                    .register(registry).record(used / budget);
        } catch (RuntimeException ignored) {
            // An observer must not fail the request path.
        }
    }

    void seeded() {
        count(LimitMetrics.SEEDS);
    }

    private void count(String name, String... tags) {
        try {
            registry.counter(name, tags).increment();
        } catch (RuntimeException ignored) {
            // An observer must not fail the request path.
        }
    }
}
