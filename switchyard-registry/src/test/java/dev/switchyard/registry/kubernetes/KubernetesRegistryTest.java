package dev.switchyard.registry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchyard.registry.Instance;
import dev.switchyard.testkit.MutableClock;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Discovery from EndpointSlices, against fabric8's mock API server in CRUD mode (real HTTP, real watches). */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // the API model loads slowly on a busy machine
class KubernetesRegistryTest {
    private static final String NS = "switchyard";

    private final KubernetesMockServer server = MockApi.started();
    private final KubernetesClient client = server.createClient();
    private final MutableClock clock = new MutableClock();
    private final List<List<Instance>> seen = new CopyOnWriteArrayList<>();
    private KubernetesRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = new KubernetesRegistry(client, new KubernetesRegistrySettings(Map.of(
                "claude", new RoleService(NS, "switchyard-claude", "role", "http"),
                "auth", new RoleService("other", "switchyard-auth", "", null)), Duration.ZERO), clock);
        registry.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        registry.watch("claude", seen::add);
    }

    @AfterEach
    void stop() {
        registry.close();
        client.close();
        MockApi.stop(server);
    }

    @Test
    void watch_sliceCreated_readyEndpointsBecomeInstancesAtTheNamedPort() {
        create(slice("switchyard-claude-abc", "switchyard-claude",
                endpoint("claude-0", "10.0.0.1", true), endpoint("claude-1", "10.0.0.2", true),
                endpoint("claude-2", "10.0.0.3", false)));

        List<Instance> instances = awaitIds("claude-0", "claude-1");

        Instance first = instances.get(0);
        assertThat(first.address()).isEqualTo(URI.create("http://10.0.0.1:7001"));
        assertThat(first.role()).isEqualTo("claude");
        assertThat(first.version()).isEqualTo("0.9.0");
        assertThat(first.zone()).isEqualTo("zone-a");
        assertThat(first.metadata()).containsEntry("namespace", NS).containsEntry("endpointslice", "switchyard-claude-abc");
        assertThat(first.registeredAt()).isEqualTo(clock.instant());
        assertThat(registry.instances("claude")).isEqualTo(instances);
    }

    @Test
    void watch_endpointTurnsNotReady_itLeaves() {
        create(slice("switchyard-claude-abc", "switchyard-claude",
                endpoint("claude-0", "10.0.0.1", true), endpoint("claude-1", "10.0.0.2", true)));
        awaitIds("claude-0", "claude-1");

        client.resource(slice("switchyard-claude-abc", "switchyard-claude",
                endpoint("claude-0", "10.0.0.1", true), endpoint("claude-1", "10.0.0.2", false))).update();

        awaitIds("claude-0");
    }

    @Test
    void watch_sliceDeleted_instancesGone() {
        create(slice("switchyard-claude-abc", "switchyard-claude", endpoint("claude-0", "10.0.0.1", true)));
        create(slice("switchyard-claude-def", "switchyard-claude", endpoint("claude-5", "10.0.0.5", true)));
        awaitIds("claude-0", "claude-5");

        client.discovery().v1().endpointSlices().inNamespace(NS).withName("switchyard-claude-abc").delete();
        awaitIds("claude-5");
        client.discovery().v1().endpointSlices().inNamespace(NS).withName("switchyard-claude-def").delete();

        awaitIds();
    }

    @Test
    void watch_otherServicesSlicesAndNamespaces_ignored() {
        create(slice("switchyard-auth-xyz", "switchyard-auth", endpoint("auth-0", "10.0.1.1", true)));
        EndpointSlice elsewhere = slice("switchyard-claude-zzz", "switchyard-claude", endpoint("x-0", "10.9.9.9", true));
        elsewhere.getMetadata().setNamespace("other");
        client.resource(elsewhere).create();
        create(slice("switchyard-claude-abc", "switchyard-claude", endpoint("claude-0", "10.0.0.1", true)));

        awaitIds("claude-0");
        assertThat(registry.instances("auth")).isEmpty();
    }

    @Test
    void watch_singlePortServiceWithoutPortName_usesThatPort() {
        EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata().withName("switchyard-auth-1").withNamespace("other")
                .addToLabels(KubernetesRegistry.SERVICE_NAME_LABEL, "switchyard-auth").endMetadata()
                .withAddressType("IPv6")
                .addNewPort().withName("http").withPort(8443).withProtocol("TCP").endPort()
                .withEndpoints(endpoint("auth-0", "fd00::1", true)).build();
        client.resource(slice).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.instances("auth").isEmpty());
        assertThat(registry.instances("auth").get(0).address()).isEqualTo(URI.create("http://[fd00::1]:8443"));
    }

    @Test
    void watch_lateWatcher_getsCurrentListAtOnce() {
        create(slice("switchyard-claude-abc", "switchyard-claude", endpoint("claude-0", "10.0.0.1", true)));
        awaitIds("claude-0");
        List<List<Instance>> late = new CopyOnWriteArrayList<>();

        Runnable stop = registry.watch("claude", late::add);

        assertThat(late).hasSize(1);
        assertThat(late.get(0)).extracting(Instance::id).containsExactly("claude-0");
        stop.run();
    }

    @Test
    void registerAndDeregister_kubeletsJob_succeedWithoutChangingAnything() {
        Instance self = new Instance("claude", "me", URI.create("http://10.0.0.9:7001"), "", "", 1, null, null);

        assertThat(registry.register(self).succeeded()).isTrue();
        assertThat(registry.deregister(self).succeeded()).isTrue();
        assertThat(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void settings_blankService_errorNamesKey() {
        assertThatThrownBy(() -> new KubernetesRegistrySettings(Map.of("claude", new RoleService(NS, " ", "", "")), null))
                .hasMessageContaining("registry.kubernetes.roles.claude.service");
    }

    private List<Instance> awaitIds(String... ids) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(seen.get(seen.size() - 1)).extracting(Instance::id).containsExactly(ids));
        return seen.get(seen.size() - 1);
    }

    private void create(EndpointSlice slice) {
        client.resource(slice).create();
    }

    static EndpointSlice slice(String name, String service, Endpoint... endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(KubernetesRegistry.SERVICE_NAME_LABEL, service)
                .addToLabels(SliceInstances.VERSION_LABEL, "0.9.0").endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("metrics").withPort(9090).withProtocol("TCP").endPort()
                .addNewPort().withName("role").withPort(7001).withProtocol("TCP").endPort()
                .withEndpoints(endpoints).build();
    }

    static Endpoint endpoint(String pod, String address, boolean ready) {
        return new EndpointBuilder().withAddresses(address).withZone("zone-a").withNodeName("node-1")
                .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
                .withNewTargetRef().withKind("Pod").withName(pod).withNamespace(NS).endTargetRef().build();
    }
}
