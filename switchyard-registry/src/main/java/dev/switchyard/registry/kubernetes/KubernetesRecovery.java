package dev.switchyard.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a kubernetes recovery strategy can do to a role that stays unhealthy: restart its Deployment the
 * way {@code kubectl rollout restart} does, or delete its failing pods so their ReplicaSet makes new ones.
 * The client's calls block, so they run on {@code blocking}; failures come back as failed futures whose
 * message names the object, never the API server's body.
 */
public final class KubernetesRecovery {
    /** The pod-template annotation kubectl sets; changing it makes the Deployment roll every pod. */
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private final KubernetesClient client;
    private final Clock clock;
    private final Executor blocking;

    public KubernetesRecovery(KubernetesClient client, Clock clock, Executor blocking) {
        this.client = client;
        this.clock = clock;
        this.blocking = blocking;
    }

    /**
     * Patches the pod template's restartedAt annotation to now, which rolls the Deployment's pods. kubectl
     * sends the same body as a strategic merge patch; for a map of annotations a JSON merge patch does
     * exactly the same, and every API server (and fabric8's mock) accepts it.
     */
    public Future<Void> restartDeployment(String namespace, String name) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String patch = new JsonObject().put("spec", new JsonObject().put("template", new JsonObject()
                .put("metadata", new JsonObject().put("annotations", new JsonObject().put(RESTARTED_AT, now)))))
                .encode();
        return call("restart deployment " + namespace + "/" + name, () -> {
            client.apps().deployments().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return null;
        });
    }

    /**
     * Deletes the pods matching {@code selector} that are failing: phase Failed, or not Ready, and not
     * already terminating. Returns the names deleted.
     */
    public Future<List<String>> deleteFailingPods(String namespace, Map<String, String> selector) {
        return call("delete failing pods in " + namespace + " " + selector, () -> {
            List<String> failing = client.pods().inNamespace(namespace).withLabels(selector).list().getItems()
                    .stream().filter(KubernetesRecovery::failing).map(pod -> pod.getMetadata().getName()).toList();
            failing.forEach(name -> client.pods().inNamespace(namespace).withName(name).delete());
            return failing;
        });
    }

    static boolean failing(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        if (pod.getStatus() == null) {
            return false; // not scheduled yet: not ours to judge
        }
        if ("Failed".equals(pod.getStatus().getPhase())) {
            return true;
        }
        List<PodCondition> conditions = pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
        return conditions.stream().noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private <T> Future<T> call(String what, Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            blocking.execute(() -> {
                try {
                    result.complete(action.get());
                } catch (KubernetesClientException e) {
                    result.completeExceptionally(new KubernetesRecoveryException(what + " failed: HTTP " + e.getCode()));
                } catch (RuntimeException e) {
                    result.completeExceptionally(new KubernetesRecoveryException(what + " failed: "
                            + e.getClass().getSimpleName()));
                }
            });
        } catch (RuntimeException rejected) {
            return Future.failedFuture(rejected);
        }
        return Future.fromCompletionStage(result);
    }

    /** A recovery call that did not work; the message is ours. */
    public static final class KubernetesRecoveryException extends RuntimeException {
        public KubernetesRecoveryException(String message) {
            super(message, null, false, false);
        }
    }
}
