package dev.switchyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.ConfigLoader;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every environment's manifests, parsed with fabric8's model classes, against the deployment design. */
class EnvironmentManifestsTest {

    static Stream<Profile> profiles() {
        return Profile.all();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void deployments_eachEnvironment_oneDeploymentPerRoleWithTheProfilesResources(Profile p) {
        Rendered r = p.rendered();

        assertThat(r.deployments()).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Profile.ROLES.stream().map(role -> "switchyard-" + role).toList());
        for (String role : Profile.ROLES) {
            Container c = container(r.deployment(role));
            assertThat(c.getArgs()).as(role).contains("run", "--roles=" + role,
                    "--config=/etc/switchyard/switchyard.yaml");
            assertThat(c.getResources().getRequests()).as(role)
                    .hasToString("{cpu=%s, memory=%s}".formatted(p.requestCpu(), p.requestMemory()));
            assertThat(c.getResources().getLimits()).as(role)
                    .hasToString("{cpu=%s, memory=%s}".formatted(p.limitCpu(), p.limitMemory()));
            assertThat(r.deployment(role).getMetadata().getLabels())
                    .containsEntry("switchyard.dev/environment", p.env().id());
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void autoscalers_eachEnvironment_scaleFromTheReplicasToThreeTimesOnCpu70AndMemory80(Profile p) {
        Rendered r = p.rendered();

        for (String role : Profile.ROLES) {
            HorizontalPodAutoscaler hpa = r.autoscaler(role);
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("switchyard-" + role);
            assertThat(hpa.getSpec().getMinReplicas()).as(role).isEqualTo(p.replicas());
            assertThat(hpa.getSpec().getMaxReplicas()).as(role).isEqualTo(3 * p.replicas());
            assertThat(utilization(hpa)).as(role).isEqualTo(Map.of("cpu", 70, "memory", 80));
            // the autoscaler owns the count: an upgrade must not reset a scaled-out role
            assertThat(r.deployment(role).getSpec().getReplicas()).as(role).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void probes_eachEnvironment_followTheDesign(Profile p) {
        Rendered r = p.rendered();

        Container gateway = container(r.deployment("gateway"));
        assertProbe(gateway.getLivenessProbe(), "/health", "http", 30, 10);
        assertProbe(gateway.getReadinessProbe(), "/ready", "http", 5, 5);
        for (String role : Profile.ROLES.subList(1, Profile.ROLES.size())) {
            Container c = container(r.deployment(role));
            assertProbe(c.getLivenessProbe(), "/health", "role", 30, 10);
            assertProbe(c.getReadinessProbe(), "/health", "role", 5, 5); // the role port has no /ready
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void termination_eachPod_outlastsThePreStopWaitAndTheDrain(Profile p) {
        Rendered r = p.rendered();
        Duration drain = load(r).server().drainTimeout();

        for (Deployment d : r.deployments()) {
            Container c = container(d);
            long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            assertThat(preStop).as("preStop sleep").isPositive();
            assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as(d.getMetadata().getName()).isGreaterThan(preStop + drain.toSeconds());
        }
        assertThat(drain).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void services_eachEnvironment_gatewayOn80AndEveryRoleHeadlessOnItsRolePort(Profile p) {
        Rendered r = p.rendered();

        Service api = r.service("switchyard");
        assertThat(api.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertSelects(api, r.deployment("gateway"));
        assertThat(containerPort(r.deployment("gateway"), "http")).isEqualTo(8080);
        for (String role : Profile.ROLES) {
            Service headless = r.service("switchyard-" + role);
            assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
            assertThat(headless.getSpec().getPorts()).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("role");
                assertThat(port.getPort()).isEqualTo(containerPort(r.deployment(role), "role"));
            });
            assertSelects(headless, r.deployment(role));
        }
    }

    /** The ConfigMap's config goes through the loader `run` uses, and names what the chart rendered. */
    @ParameterizedTest
    @MethodSource("profiles")
    void config_eachEnvironment_loadsAndPointsAtTheRenderedServicesAndDeployments(Profile p) {
        Rendered r = p.rendered();
        SwitchyardConfig config = load(r);

        assertThat(config.registry().type()).isEqualTo(RegistryConfig.Type.KUBERNETES);
        assertThat(config.registry().kubernetes().roles()).containsOnlyKeys(Profile.ROLES.subList(1, 7));
        config.registry().kubernetes().roles().forEach((role, target) -> {
            assertThat(target.namespace()).isEqualTo("apps");
            Service s = r.service(target.service());
            assertThat(s.getSpec().getPorts()).anyMatch(port -> port.getName().equals(target.portName()));
            assertThat(s.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", role);
        });
        assertThat(config.cluster().port()).isEqualTo(containerPort(r.deployment("claude"), "role"));
        assertThat(config.cluster().host()).isEqualTo("0.0.0.0");
        assertThat(config.cluster().secret()).isEqualTo(ENV.get("SWITCHYARD_CLUSTER_SECRET"));
        config.cluster().roleSettings().forEach((role, settings) ->
                assertThat(r.deployment(role).getMetadata().getName()).isEqualTo(settings.kubernetes().deployment()));
        assertThat(config.cluster().roleSettings()).hasSize(6);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void rbac_eachEnvironment_watchesEndpointSlicesAndRestartsOnlyThisReleasesDeployments(Profile p) {
        Rendered r = p.rendered();
        Role role = r.one(Role.class, "switchyard");

        PolicyRule slices = rule(role, "discovery.k8s.io", "endpointslices");
        assertThat(slices.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        PolicyRule deployments = rule(role, "apps", "deployments");
        assertThat(deployments.getVerbs()).containsExactlyInAnyOrder("get", "patch");
        assertThat(deployments.getResourceNames()).containsExactlyInAnyOrderElementsOf(
                r.deployments().stream().map(d -> d.getMetadata().getName()).toList());
        assertThat(role.getRules()).hasSize(2);
        for (Deployment d : r.deployments()) {
            assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("switchyard");
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void disruptionBudgets_eachDeployment_hasOneOverItsPods(Profile p) {
        Rendered r = p.rendered();

        for (Deployment d : r.deployments()) {
            PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class, d.getMetadata().getName());
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void secrets_eachEnvironment_referencedByNameAndNeverRendered(Profile p) {
        Rendered r = p.rendered();

        assertThat(r.all(Secret.class)).isEmpty();
        for (Deployment d : r.deployments()) {
            assertThat(container(d).getEnvFrom()).singleElement()
                    .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("switchyard"));
        }
        assertThat(r.config()).contains("api_key: ${ANTHROPIC_API_KEY}", "secret: ${SWITCHYARD_CLUSTER_SECRET}");
    }

    /** fabric8 keeps a field its model does not know in additionalProperties: a typo in a template lands there. */
    @ParameterizedTest
    @MethodSource("profiles")
    void objects_eachEnvironment_carryNoFieldUnknownToTheKubernetesModel(Profile p) {
        assertThat(UnknownFields.in(p.rendered().objects())).isEmpty();
    }

    @Test
    void defaults_chartValues_areTheDesignsBase() {
        Rendered r = Rendered.with(null, Map.of());

        for (String role : Profile.ROLES) {
            HorizontalPodAutoscaler hpa = r.autoscaler(role);
            assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
            assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
            assertThat(utilization(hpa)).isEqualTo(Map.of("cpu", 70, "memory", 80));
            Container c = container(r.deployment(role));
            assertThat(c.getResources().getRequests()).hasToString("{cpu=250m, memory=256Mi}");
            assertThat(c.getResources().getLimits()).hasToString("{cpu=500m, memory=512Mi}");
        }
    }

    static final Map<String, String> ENV = Map.of("SWITCHYARD_CLUSTER_SECRET", "a-cluster-secret-of-24-chars",
            "ANTHROPIC_API_KEY", "sk-ant-test", "PGPASSWORD", "pg", "SWITCHYARD_ADMIN_KEY", "sk-admin-test-key");

    static SwitchyardConfig load(Rendered r) {
        return new ConfigLoader(ENV::get).parse(r.config());
    }

    static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static int containerPort(Deployment d, String name) {
        return container(d).getPorts().stream().filter(p -> name.equals(p.getName())).findFirst().orElseThrow()
                .getContainerPort();
    }

    private static void assertSelects(Service s, Deployment d) {
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(s.getMetadata().getName())
                .containsAllEntriesOf(s.getSpec().getSelector());
    }

    private static void assertProbe(Probe probe, String path, String port, int delay, int period) {
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).isEqualTo(path);
        assertThat(get.getPort().getStrVal()).isEqualTo(port);
        assertThat(probe.getInitialDelaySeconds()).isEqualTo(delay);
        assertThat(probe.getPeriodSeconds()).isEqualTo(period);
    }

    static Map<String, Integer> utilization(HorizontalPodAutoscaler hpa) {
        List<MetricSpec> resources = hpa.getSpec().getMetrics().stream().filter(m -> m.getType().equals("Resource"))
                .toList();
        return resources.stream().collect(java.util.stream.Collectors.toMap(m -> m.getResource().getName(),
                m -> m.getResource().getTarget().getAverageUtilization()));
    }

    private static PolicyRule rule(Role role, String group, String resource) {
        return role.getRules().stream()
                .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .findFirst().orElseThrow(() -> new AssertionError("no rule for " + group + "/" + resource));
    }
}
