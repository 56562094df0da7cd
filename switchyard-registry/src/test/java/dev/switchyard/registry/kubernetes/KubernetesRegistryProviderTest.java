package dev.switchyard.registry.kubernetes;

import static dev.switchyard.registry.kubernetes.KubernetesRegistryTest.endpoint;
import static dev.switchyard.registry.kubernetes.KubernetesRegistryTest.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.Registries;
import dev.switchyard.registry.ServiceRegistry;
import dev.switchyard.testkit.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code registry.type: kubernetes} through Registries and ServiceLoader, the client configured as in production. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // the API model loads slowly on a busy machine
class KubernetesRegistryProviderTest {
    private static final List<String> PROPERTIES = List.of("kubernetes.master", "kubernetes.auth.tryKubeConfig",
            "kubernetes.auth.tryServiceAccount", "kubernetes.trust.certificates", "kubernetes.namespace");

    private final KubernetesMockServer server = MockApi.started();
    private final KubernetesClient client = server.createClient();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        PROPERTIES.forEach(System::clearProperty);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        client.close();
        MockApi.stop(server);
    }

    @Test
    void registriesCreate_kubernetesType_providerWatchesTheConfiguredService() {
        // fabric8 reads these like KUBERNETES_MASTER etc.; no kubeconfig or service account on a test machine.
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.trust.certificates", "true");
        RegistryConfig config = new RegistryConfig(RegistryConfig.Type.KUBERNETES, List.of(),
                RegistryConfig.defaults().dns(), RegistryConfig.defaults().etcd(), new RegistryConfig.Kubernetes(
                Map.of("claude", new RegistryConfig.KubernetesRole("switchyard", "switchyard-claude", "role", "http")),
                Duration.ZERO));

        ServiceRegistry registry = Registries.create(vertx, config, new MutableClock());
        try {
            assertThat(registry).isInstanceOf(KubernetesRegistry.class);
            client.resource(slice("switchyard-claude-abc", "switchyard-claude", endpoint("claude-0", "10.0.0.1", true)))
                    .create();

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(registry.instances("claude")).extracting(Instance::id).containsExactly("claude-0"));
        } finally {
            registry.close();
        }
    }

    @Test
    void settings_badScheme_configExceptionNamesTheKey() {
        RegistryConfig.Kubernetes config = new RegistryConfig.Kubernetes(
                Map.of("auth", new RegistryConfig.KubernetesRole("ns", "svc", "", "ftp")), Duration.ZERO);

        assertThatThrownBy(() -> KubernetesRegistryProvider.settings(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry.kubernetes.roles.auth.scheme").hasMessageContaining("ftp");
    }
}
