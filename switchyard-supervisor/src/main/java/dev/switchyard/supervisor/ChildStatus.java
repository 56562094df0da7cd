package dev.switchyard.supervisor;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One row of the status table: a child as the supervisor last saw it.
 *
 * @param pid its current process id, or -1 while none runs
 * @param port the port its health is checked on
 * @param failedChecks consecutive failed health checks of the current process
 * @param restarts how often it has been restarted since {@code up} began
 * @param requestsPerSecond requests served per second between its last two checks, when its /health counts them
 */
public record ChildStatus(String id, String service, List<String> roles, int instance, long pid, int port,
        Health health, int failedChecks, int restarts, OptionalDouble requestsPerSecond) {

    public ChildStatus {
        roles = List.copyOf(roles);
    }

    public enum Health {
        /** started, has not answered a check yet */
        STARTING,
        HEALTHY,
        /** was healthy; its last check(s) failed, fewer than the limit */
        FAILING,
        /** exited or being stopped; starts again after its backoff */
        RESTARTING,
        STOPPED
    }
}
