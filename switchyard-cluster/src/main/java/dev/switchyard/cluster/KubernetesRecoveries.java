package dev.switchyard.cluster;

import dev.switchyard.core.config.ClusterConfig.KubernetesTarget;
import dev.switchyard.registry.health.RecoveryAction;
import dev.switchyard.registry.kubernetes.KubernetesRecovery;
import dev.switchyard.registry.kubernetes.KubernetesRecoveryAction;
import dev.switchyard.registry.kubernetes.KubernetesRecoveryAction.Mode;
import dev.switchyard.registry.kubernetes.KubernetesRecoveryAction.Target;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recovery through the Kubernetes API, for roles configured with {@code recovery: kubernetes}. The API
 * client is made on first need (in a pod: its service account; else the kubeconfig), so a cluster that
 * never recovers through Kubernetes never builds one.
 */
final class KubernetesRecoveries {
    private final Vertx vertx;
    private final Clock clock;
    private final Supplier<KubernetesClient> factory;
    private KubernetesClient client;

    KubernetesRecoveries(Vertx vertx, Clock clock) {
        this(vertx, clock, () -> new KubernetesClientBuilder().build());
    }

    KubernetesRecoveries(Vertx vertx, Clock clock, Supplier<KubernetesClient> factory) {
        this.vertx = vertx;
        this.clock = clock;
        this.factory = factory;
    }

    RecoveryAction action(String role, KubernetesTarget target) {
        Target t = new Target(target.namespace(), target.deployment(), target.podSelector(),
                target.deletePods() ? Mode.DELETE_FAILING_PODS : Mode.RESTART_DEPLOYMENT);
        return new KubernetesRecoveryAction(new KubernetesRecovery(client(), clock, task -> vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false)), Map.of(role, t));
    }

    private synchronized KubernetesClient client() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
