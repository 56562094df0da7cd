package dev.switchyard.registry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.testkit.MutableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Restarting a Deployment and deleting failing pods, against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
@Timeout(value = 60, unit = TimeUnit.SECONDS) // the API model loads slowly on a busy machine
class KubernetesRecoveryTest {
    private static final String NS = "switchyard";

    KubernetesClient client;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07.890Z"));
    private final ExecutorService blocking = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        blocking.shutdownNow();
    }

    @Test
    void restartDeployment_existing_patchesRestartedAtAnnotationLikeKubectl() throws Exception {
        client.resource(deployment("switchyard-claude")).create();
        KubernetesRecovery recovery = new KubernetesRecovery(client, clock, blocking);

        await(recovery.restartDeployment(NS, "switchyard-claude"));

        Deployment after = client.apps().deployments().inNamespace(NS).withName("switchyard-claude").get();
        assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(KubernetesRecovery.RESTARTED_AT, "2026-03-04T05:06:07Z")
                .containsEntry("keep", "me");
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void restartDeployment_missing_failedFutureNamingIt() throws Exception {
        Future<Void> outcome = new KubernetesRecovery(client, clock, blocking).restartDeployment(NS, "nope");

        assertThat(settle(outcome).failed()).isTrue();
        assertThat(outcome.cause()).hasMessageContaining("switchyard/nope").hasMessageContaining("404");
    }

    @Test
    void deleteFailingPods_mixedPods_deletesOnlyNotReadyOrFailedOnesOfTheSelector() throws Exception {
        client.resource(pod("claude-ok", "claude", "Running", "True")).create();
        client.resource(pod("claude-not-ready", "claude", "Running", "False")).create();
        client.resource(pod("claude-failed", "claude", "Failed", "False")).create();
        client.resource(pod("auth-not-ready", "auth", "Running", "False")).create();

        List<String> deleted = await(new KubernetesRecovery(client, clock, blocking)
                .deleteFailingPods(NS, Map.of("app", "claude")));

        assertThat(deleted).containsExactlyInAnyOrder("claude-not-ready", "claude-failed");
        assertThat(client.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("claude-ok", "auth-not-ready");
    }

    @Test
    void recoveryAction_roleWithDeploymentTarget_restartsThatDeployment() throws Exception {
        client.resource(deployment("switchyard-claude")).create();
        KubernetesRecoveryAction action = new KubernetesRecoveryAction(new KubernetesRecovery(client, clock, blocking),
                Map.of("claude", new KubernetesRecoveryAction.Target(NS, "switchyard-claude", null,
                        KubernetesRecoveryAction.Mode.RESTART_DEPLOYMENT)));

        await(action.recover("claude", List.of()));

        assertThat(client.apps().deployments().inNamespace(NS).withName("switchyard-claude").get()
                .getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(KubernetesRecovery.RESTARTED_AT, "2026-03-04T05:06:07Z");
        assertThat(settle(action.recover("auth", List.of())).failed()).isTrue();
    }

    @Test
    void recoveryAction_deletePodsWithoutSelector_refusedAtConfiguration() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KubernetesRecoveryAction.Target(NS, null, Map.of(),
                KubernetesRecoveryAction.Mode.DELETE_FAILING_PODS)).hasMessageContaining("recovery.kubernetes.pod_selector");
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "claude").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "claude").addToAnnotations("keep", "me")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("switchyard").withImage("switchyard:dev").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private static Pod pod(String name, String app, String phase, String ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("switchyard").withImage("switchyard:dev").endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready).endCondition()
                .endStatus().build();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> Future<T> settle(Future<T> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException expected) {
            // the future says how it ended
        }
        return future;
    }
}
