package dev.switchyard.supervisor;

import java.time.Duration;
import java.time.Instant;

/**
 * Something the supervisor did or saw, for its log and the status display. {@code message} is made by the
 * supervisor (ids, pids, exit codes), never read from a child, so it cannot carry a secret.
 *
 * @param delay for {@link Kind#RESTART_SCHEDULED}, the backoff before the restart; zero otherwise
 */
public record SupervisorEvent(Instant at, String childId, Kind kind, String message, Duration delay) {

    public enum Kind { STARTED, HEALTHY, UNHEALTHY, EXITED, RESTART_SCHEDULED, START_FAILED, STOPPING, STOPPED }

    /** The line for a log: {@code <time> <child> <message>}. */
    public String line() {
        return at + " " + (childId.isEmpty() ? "supervisor" : childId) + ": " + message;
    }
}
