package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import io.vertx.core.Future;
import java.util.List;

/**
 * What brings a role back when none of its instances has been healthy for the configured number of
 * checks: restart its Deployment, have the local supervisor restart it, or run a command. Called at most
 * once per backoff window (see {@link RecoveryBackoff}); must not throw: a failure is a failed future.
 */
public interface RecoveryAction {
    /** Short, fixed name for logs and the metric's action tag ("command", "kubernetes", ...). */
    String name();

    Future<Void> recover(String role, List<Instance> failing);

    /** Does nothing: the role is only logged and counted as needing recovery. */
    RecoveryAction NONE = new RecoveryAction() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public Future<Void> recover(String role, List<Instance> failing) {
            return Future.succeededFuture();
        }
    };
}
