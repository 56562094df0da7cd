package dev.switchyard.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.util.Map;
import java.util.Objects;

/**
 * The deployment manager: an environment's manifests, rendered by helm (as a library) from the chart the
 * build packaged, with that environment's values file; and its compose topology, read off those manifests.
 *
 * <p>Why render the chart rather than build the objects in Java: the chart is what `helm install` applies,
 * so the only way `deploy render` cannot drift from it is to be it. A second renderer (fabric8 builders over
 * the same values) would need a test to prove the two agree forever, and every template change made twice.
 * The compose topology is a projection of the rendered Deployments (roles, replicas, resources, ports), so
 * it follows the chart too.
 */
public final class DeployRenderer {
    /** The Kubernetes version helm assumes when no cluster is asked (the chart needs at least 1.30). */
    public static final String DEFAULT_KUBE_VERSION = "1.31.0";

    private final String release;
    private final String namespace;
    private final String kubeVersion;

    public DeployRenderer(String release, String namespace, String kubeVersion) {
        this.release = requireLabel("release", release);
        this.namespace = requireLabel("namespace", namespace);
        this.kubeVersion = Objects.requireNonNull(kubeVersion, "kubeVersion");
    }

    /** The environment's manifests, as `helm template` prints them. */
    public String manifests(Environment env) {
        return render(env, Map.of());
    }

    /** The chart with an environment's values (none: the chart's defaults) and {@code --set} overrides. */
    String render(Environment env, Map<String, Object> set) {
        try (PackagedChart chart = PackagedChart.extract()) {
            TemplateCommand template = new Helm(chart.chart()).template()
                    .withName(release)
                    .withNamespace(namespace)
                    .withKubeVersion(kubeVersion);
            if (env != null) {
                template.withValuesFile(chart.values(env));
            }
            set.forEach(template::set);
            return template.call();
        }
    }

    /** The environment's compose topology: one service per Deployment of its manifests. */
    public String compose(Environment env) {
        return ComposeTopology.of(Manifests.parse(manifests(env)), env).toYaml();
    }

    private static String requireLabel(String what, String value) {
        if (value == null || !value.matches("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?")) {
            throw new IllegalArgumentException(what + " must be a DNS label (lower-case letters, digits, '-'), got '"
                    + value + "'");
        }
        return value;
    }
}
