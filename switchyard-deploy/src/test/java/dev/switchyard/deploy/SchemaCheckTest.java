package dev.switchyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered object against the Kubernetes OpenAPI schemas (and the Prometheus Operator's, for its kind). */
class SchemaCheckTest {

    static Stream<Profile> profiles() {
        return Profile.all();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void objects_eachEnvironment_passTheKubernetesSchemas(Profile p) {
        SchemaCheck.Result result = SchemaCheck.validate(Rendered.SERIALIZATION.asJson(p.rendered().raw()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(p.rendered().raw().size() + " objects checked, 0 invalid");
    }

    @Test
    void objects_everyOptionOn_passTheKubernetesSchemas() {
        Rendered r = Rendered.with(Environment.PROD, Map.of("serviceMonitor.enabled", true,
                "autoscaling.streams.enabled", true, "secret.create", true, "secret.values.PGPASSWORD", "x"));

        SchemaCheck.Result result = SchemaCheck.validate(Rendered.SERIALIZATION.asJson(r.raw()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(r.raw()).extracting(o -> o.get("kind")).contains("ServiceMonitor", "Secret");
    }

    /** The check itself can fail: a port that is not an integer is refused, naming the field. */
    @Test
    void objects_aFieldOfTheWrongType_areRejectedNamingThePath() {
        Map<String, Object> bad = Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "x"), "spec", Map.of("ports", List.of(Map.of("port", "eighty"))));

        SchemaCheck.Result result = SchemaCheck.validate(Rendered.SERIALIZATION.asJson(List.of(bad)));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("Service/x", "/spec/ports/0/port must be integer");
    }
}
