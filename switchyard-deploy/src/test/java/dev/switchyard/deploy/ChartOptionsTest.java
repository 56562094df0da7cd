package dev.switchyard.deploy;

import static dev.switchyard.deploy.EnvironmentManifestsTest.container;
import static dev.switchyard.deploy.EnvironmentManifestsTest.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.config.SwitchyardConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's choices beyond the environments: grouped roles, the streams metric, ServiceMonitor, Secret. */
class ChartOptionsTest {

    @Test
    void roles_groupedByValues_runInOneDeploymentThatTheRegistryNames() {
        Rendered r = Rendered.with(Environment.STAGING, Map.of("roles.gateway.serves[0]", "gateway",
                "roles.gateway.serves[1]", "filter", "roles.gateway.serves[2]", "cache", "roles.filter.enabled", false,
                "roles.cache.enabled", false));

        assertThat(r.deployments()).hasSize(5);
        assertThat(container(r.deployment("gateway")).getArgs()).contains("--roles=gateway,filter,cache");
        SwitchyardConfig config = load(r);
        assertThat(config.registry().kubernetes().roles().get("filter").service()).isEqualTo("switchyard-gateway");
        assertThat(config.registry().kubernetes().roles().get("cache").service()).isEqualTo("switchyard-gateway");
        assertThat(r.service("switchyard-gateway").getSpec().getPorts()).extracting(p -> p.getName())
                .containsExactlyInAnyOrder("role", "http");
    }

    @Test
    void roles_aRoleServedByNoEntry_failsNamingTheRole() {
        assertThatThrownBy(() -> Rendered.with(Environment.DEV, Map.of("roles.claude.enabled", false)))
                .hasMessageContaining("role 'claude' is served by no entry");
    }

    @Test
    void roles_aRoleServedTwice_failsNamingBothEntries() {
        assertThatThrownBy(() -> Rendered.with(Environment.DEV, Map.of("roles.gateway.serves[0]", "gateway",
                "roles.gateway.serves[1]", "auth")))
                .hasMessageContaining("role 'auth' is already served by roles.auth");
    }

    @Test
    void roles_servesNotAList_failsNamingTheKeyAndValue() {
        assertThatThrownBy(() -> Rendered.with(Environment.DEV, Map.of("roles.gateway.serves", "gateway,auth")))
                .hasMessageContaining("roles.gateway.serves: must be a list of roles, got 'gateway,auth'");
    }

    @Test
    void autoscaling_streamsEnabled_addsTheOpenStreamsMetricToTheGatewayOnly() {
        Rendered r = Rendered.with(Environment.PROD, Map.of("autoscaling.streams.enabled", true,
                "autoscaling.streams.targetAverageValue", "150"));

        List<MetricSpec> gateway = r.autoscaler("gateway").getSpec().getMetrics();
        assertThat(gateway).filteredOn(m -> m.getType().equals("Pods")).singleElement().satisfies(m -> {
            assertThat(m.getPods().getMetric().getName()).isEqualTo("switchyard_in_flight_streams");
            assertThat(m.getPods().getTarget().getAverageValue().toString()).isEqualTo("150");
        });
        assertThat(r.autoscaler("claude").getSpec().getMetrics()).noneMatch(m -> m.getType().equals("Pods"));
    }

    @Test
    void serviceMonitor_enabled_scrapesTheGatewaysMetricsThroughItsHeadlessService() {
        Rendered r = Rendered.with(Environment.PROD, Map.of("serviceMonitor.enabled", true));

        GenericKubernetesResource monitor = r.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) monitor.get("spec", "selector", "matchLabels");
        assertThat(r.service("switchyard-gateway").getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(r.service("switchyard").getMetadata().getLabels()).doesNotContainKey("switchyard.dev/headless");
        assertThat(r.service("switchyard-claude").getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).isFalse();
        assertThat((Object) monitor.get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
    }

    @Test
    void secret_createdByTheChart_holdsOnlyWhatWasGivenAndThePodsReadIt() {
        Rendered r = Rendered.with(Environment.DEV, Map.of("secret.create", true,
                "secret.values.SWITCHYARD_CLUSTER_SECRET", "given-at-install-time-1234"));

        Secret secret = r.one(Secret.class, "switchyard");
        assertThat(secret.getStringData()).containsExactly(Map.entry("SWITCHYARD_CLUSTER_SECRET",
                "given-at-install-time-1234"));
        for (Deployment d : r.deployments()) {
            assertThat(container(d).getEnvFrom().getFirst().getSecretRef().getName()).isEqualTo("switchyard");
        }
    }

    @Test
    void recovery_disabled_leavesNoRestartRightAndNoRoleRecovery() {
        Rendered r = Rendered.with(Environment.DEV, Map.of("recovery.enabled", false));

        assertThat(load(r).cluster().roleSettings()).isEmpty();
        assertThat(r.one(io.fabric8.kubernetes.api.model.rbac.Role.class, "switchyard").getRules())
                .singleElement().satisfies(rule -> assertThat(rule.getResources()).containsExactly("endpointslices"));
    }
}
