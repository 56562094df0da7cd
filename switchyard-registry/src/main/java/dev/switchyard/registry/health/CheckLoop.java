package dev.switchyard.registry.health;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks one member again and again: probe, wait for the answer or the timeout (whichever comes first,
 * on the scheduler so a fake clock drives it), report, then wait a jittered interval. The next check is
 * scheduled only after the last one ended, so a hanging instance never has two checks open.
 */
final class CheckLoop {
    private final Member member;
    private final InstanceSet owner;
    private final HealthProbe probe;
    private final HealthSettings settings;
    private final HealthRuntime runtime;
    private final Jitter jitter;
    private Runnable pending = () -> {};
    private boolean stopped;

    CheckLoop(Member member, InstanceSet owner, HealthProbe probe, HealthSettings settings, HealthRuntime runtime,
            Jitter jitter) {
        this.member = member;
        this.owner = owner;
        this.probe = probe;
        this.settings = settings;
        this.runtime = runtime;
        this.jitter = jitter;
    }

    synchronized void start(Duration firstDelay) {
        pending = runtime.scheduler().schedule(firstDelay, this::check);
    }

    synchronized void stop() {
        stopped = true;
        pending.run();
    }

    private void check() {
        Instant started = runtime.clock().instant();
        AtomicBoolean done = new AtomicBoolean();
        Runnable cancelTimeout = runtime.scheduler().schedule(settings.timeout(), () -> finish(done,
                new CheckResult(runtime.clock().instant(), false, settings.timeout(), RegistryMetrics.OUTCOME_TIMEOUT)));
        Future<Void> answer;
        try {
            answer = probe.check(member.instance, settings.timeout());
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        answer.onComplete(result -> {
            cancelTimeout.run();
            finish(done, toResult(result, started));
        });
    }

    private CheckResult toResult(AsyncResult<Void> result, Instant started) {
        Instant now = runtime.clock().instant();
        Duration latency = Duration.between(started, now);
        if (result.succeeded()) {
            return new CheckResult(now, true, latency, "ok");
        }
        Throwable cause = result.cause();
        String detail = cause instanceof HttpHealthProbe.ProbeFailure ? cause.getMessage()
                : "failed: " + cause.getClass().getSimpleName();
        return new CheckResult(now, false, latency, detail);
    }

    private void finish(AtomicBoolean done, CheckResult result) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        // The next check is queued before the result is reported, so whoever sees the result (a test
        // about to move its clock) also finds the next check already waiting.
        synchronized (this) {
            if (!stopped) {
                pending = runtime.scheduler().schedule(jitter.apply(settings.interval()), this::check);
            }
        }
        owner.recordCheck(member, result);
    }
}
