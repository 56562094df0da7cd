package dev.switchyard.registry.kubernetes;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.RecoveryAction;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubernetes} recovery strategy: for a role whose instances all stay unhealthy, either restart
 * its Deployment (every pod rolls) or delete only its failing pods (their ReplicaSet replaces them).
 * The backoff and counting are the caller's ({@code InstanceSet}); this only acts.
 */
public final class KubernetesRecoveryAction implements RecoveryAction {
    /** What to do to a role. */
    public enum Mode { RESTART_DEPLOYMENT, DELETE_FAILING_PODS }

    /**
     * Where a role runs in Kubernetes.
     *
     * @param deployment the Deployment to restart (RESTART_DEPLOYMENT)
     * @param podSelector the labels of the role's pods (DELETE_FAILING_PODS)
     */
    public record Target(String namespace, String deployment, Map<String, String> podSelector, Mode mode) {
        public Target {
            podSelector = podSelector == null ? Map.of() : Map.copyOf(podSelector);
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("recovery.kubernetes.namespace must not be blank, was '" + namespace + "'");
            }
            if (mode == Mode.RESTART_DEPLOYMENT && (deployment == null || deployment.isBlank())) {
                throw new IllegalArgumentException("recovery.kubernetes.deployment must not be blank, was '" + deployment + "'");
            }
            if (mode == Mode.DELETE_FAILING_PODS && podSelector.isEmpty()) {
                // An empty selector would match every pod of the namespace.
                throw new IllegalArgumentException("recovery.kubernetes.pod_selector must name at least one label, was {}");
            }
        }
    }

    private final KubernetesRecovery kubernetes;
    private final Map<String, Target> targets;

    public KubernetesRecoveryAction(KubernetesRecovery kubernetes, Map<String, Target> targets) {
        this.kubernetes = kubernetes;
        this.targets = Map.copyOf(targets);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Future<Void> recover(String role, List<Instance> failing) {
        Target target = targets.get(role);
        if (target == null) {
            return Future.failedFuture(new KubernetesRecovery.KubernetesRecoveryException(
                    "no kubernetes recovery target for role " + role));
        }
        return switch (target.mode()) {
            case RESTART_DEPLOYMENT -> kubernetes.restartDeployment(target.namespace(), target.deployment());
            case DELETE_FAILING_PODS -> kubernetes.deleteFailingPods(target.namespace(), target.podSelector()).mapEmpty();
        };
    }
}
