package dev.switchyard.supervisor;

import dev.switchyard.supervisor.ChildStatus.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;

/** One supervised child's state. Confined to the supervisor's loop thread: no field is touched elsewhere. */
final class Child {
    final ChildSpec spec;
    final RestartBackoff backoff;
    Process process;
    Instant startedAt;
    Health health = Health.STARTING;
    int failedChecks;
    int restarts;
    boolean checkInFlight;
    Instant healthySince;
    /** Why we are stopping the current process, or null when it exits on its own. */
    String killReason;
    ScheduledFuture<?> pendingRestart;
    private long lastRequests = -1;
    private Instant lastRequestsAt;
    private OptionalDouble rate = OptionalDouble.empty();

    Child(ChildSpec spec, RestartBackoff backoff) {
        this.spec = spec;
        this.backoff = backoff;
    }

    boolean running() {
        return process != null && (health == Health.STARTING || health == Health.HEALTHY || health == Health.FAILING);
    }

    void launched(Process p, Instant now) {
        process = p;
        startedAt = now;
        health = Health.STARTING;
        failedChecks = 0;
        checkInFlight = false;
        healthySince = null;
        killReason = null;
        lastRequests = -1;
        lastRequestsAt = null;
        rate = OptionalDouble.empty();
    }

    /** A counter that went down belongs to a new process: the rate starts over rather than going negative. */
    void counted(OptionalLong requests, Instant now) {
        if (requests.isEmpty()) {
            rate = OptionalDouble.empty();
            lastRequests = -1;
            return;
        }
        long n = requests.getAsLong();
        if (lastRequests >= 0 && n >= lastRequests && now.isAfter(lastRequestsAt)) {
            double seconds = Duration.between(lastRequestsAt, now).toNanos() / 1e9;
            rate = OptionalDouble.of((n - lastRequests) / seconds);
        }
        lastRequests = n;
        lastRequestsAt = now;
    }

    ChildStatus status() {
        long pid = process != null && process.isAlive() ? process.pid() : -1;
        return new ChildStatus(spec.id(), spec.service(), spec.roles(), spec.instance(), pid, spec.healthPort(),
                health, failedChecks, restarts, health == Health.HEALTHY || health == Health.FAILING
                        ? rate : OptionalDouble.empty());
    }
}
