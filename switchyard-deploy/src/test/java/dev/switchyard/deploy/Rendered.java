package dev.switchyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A rendered chart: the raw documents and each parsed by fabric8's model classes (by apiVersion and kind). */
record Rendered(String text, List<Map<String, Object>> raw, List<HasMetadata> objects) {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<Environment, Rendered> BY_ENV = new ConcurrentHashMap<>();
    static final DeployRenderer RENDERER = new DeployRenderer("switchyard", "apps", DeployRenderer.DEFAULT_KUBE_VERSION);

    /** An environment's manifests, rendered once per test run. */
    static Rendered of(Environment env) {
        return BY_ENV.computeIfAbsent(env, e -> parse(RENDERER.manifests(e)));
    }

    static Rendered with(Environment env, Map<String, Object> set) {
        return parse(RENDERER.render(env, set));
    }

    static Rendered parse(String text) {
        List<Map<String, Object>> raw = Manifests.parse(text);
        List<HasMetadata> objects = raw.stream()
                .map(m -> (HasMetadata) SERIALIZATION.unmarshal(SERIALIZATION.asJson(m))).toList();
        return new Rendered(text, raw, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.getFirst();
    }

    List<Deployment> deployments() {
        return all(Deployment.class);
    }

    Deployment deployment(String component) {
        return one(Deployment.class, "switchyard-" + component);
    }

    HorizontalPodAutoscaler autoscaler(String component) {
        return one(HorizontalPodAutoscaler.class, "switchyard-" + component);
    }

    Service service(String name) {
        return one(Service.class, name);
    }

    /** The switchyard.yaml the ConfigMap carries. */
    String config() {
        return one(ConfigMap.class, "switchyard").getData().get("switchyard.yaml");
    }
}
