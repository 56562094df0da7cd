package dev.switchyard.registry.kubernetes;

import static dev.switchyard.registry.kubernetes.KubernetesRegistryTest.endpoint;
import static dev.switchyard.registry.kubernetes.KubernetesRegistryTest.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.registry.Instance;
import dev.switchyard.testkit.MutableClock;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API server goes away mid-watch and a new one comes up on the same port: the informer watches again
 * by itself, and changes made after the outage reach the registry.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // the mock's deadlock (MockApi) can hold the port 30 s
class KubernetesRegistryReconnectTest {
    private KubernetesMockServer first;
    private KubernetesMockServer second;
    private KubernetesClient client;
    private KubernetesRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (client != null) {
            client.close();
        }
        if (second != null) {
            MockApi.stop(second);
        }
    }

    @Test
    void watch_apiServerRestarted_informerWatchesAgainAndLaterChangesArrive() throws Exception {
        first = MockApi.started();
        int port = first.getPort();
        client = first.createClient();
        client.resource(slice("switchyard-claude-abc", "switchyard-claude", endpoint("claude-0", "10.0.0.1", true)))
                .create();
        registry = new KubernetesRegistry(client, new KubernetesRegistrySettings(Map.of(
                "claude", new RoleService("switchyard", "switchyard-claude", "role", "http")), Duration.ZERO),
                new MutableClock());
        registry.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(registry.instances("claude")).extracting(Instance::id).containsExactly("claude-0");

        MockApi.stop(first);
        second = MockApi.crud();
        MockApi.startOn(second, port);
        KubernetesClient secondClient = second.createClient();
        EndpointSlice later = slice("switchyard-claude-new", "switchyard-claude", endpoint("claude-7", "10.0.0.7", true));
        secondClient.resource(later).create();

        // The mock keeps no history and restarts its resource versions, so (unlike a real API server, which
        // would answer 410 Gone and make the informer list again) it does not replay what was written before
        // the watch came back. Each poll therefore writes the slice again; the first write after the
        // informer has watched again reaches it.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            secondClient.resource(later).update();
            return registry.instances("claude").stream().anyMatch(i -> i.id().equals("claude-7"));
        });
        secondClient.close();
    }
}
