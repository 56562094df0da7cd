package dev.switchyard.supervisor;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.RecoveryAction;
import io.vertx.core.Future;
import java.util.List;

/**
 * The {@code process} recovery strategy: a role none of whose instances has been healthy for the configured
 * checks is restarted by the local supervisor, each of its processes through its own restart backoff (on top
 * of the registry's per-role {@code RecoveryBackoff}). For a health checker running in the same JVM as the
 * {@link Supervisor}.
 */
public final class ProcessRecovery implements RecoveryAction {
    private final Supervisor supervisor;

    public ProcessRecovery(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Future<Void> recover(String role, List<Instance> failing) {
        try {
            return Future.fromCompletionStage(supervisor.restartRole(role));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
