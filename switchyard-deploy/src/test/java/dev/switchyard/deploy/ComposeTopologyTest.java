package dev.switchyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `deploy render --format compose`: the environment's Deployments as compose services, valid for docker-compose. */
class ComposeTopologyTest {

    private static final Map<Environment, String> COMPOSE = new ConcurrentHashMap<>();

    static Stream<Profile> profiles() {
        return Profile.all();
    }

    private static String compose(Environment env) {
        return COMPOSE.computeIfAbsent(env, Rendered.RENDERER::compose);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void compose_eachEnvironment_aServicePerRoleWithTheProfilesReplicasAndResources(Profile p) {
        Map<String, Object> compose = Manifests.parse(compose(p.env())).getFirst();

        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsOnlyKeys(Profile.ROLES);
        for (String role : Profile.ROLES) {
            Object s = services.get(role);
            assertThat(Maps.list(s, "command")).as(role).contains("run", "--roles=" + role);
            assertThat(Maps.integer(s, "deploy", "replicas")).as(role).isEqualTo(p.replicas());
            assertThat(Maps.string(s, "deploy", "resources", "reservations", "memory")).as(role)
                    .isEqualTo(p.requestMemory().replace("Mi", "m").replace("Gi", "g"));
            assertThat(Double.parseDouble(Maps.string(s, "deploy", "resources", "limits", "cpus"))).as(role)
                    .isEqualTo(Double.parseDouble(p.limitCpu().replace("m", "")) / 1000);
        }
        assertThat(Maps.list(services.get("gateway"), "command")).contains("--peer=claude=http://claude:7001",
                "--peer=auth=http://auth:7001");
        assertThat(Maps.list(services.get("gateway"), "ports")).singleElement().asString().endsWith(":8080");
    }

    /** Variables are passed by name from the shell compose runs in; the file never holds a value. */
    @ParameterizedTest
    @MethodSource("profiles")
    void compose_eachEnvironment_namesTheSecretsItNeedsWithoutValues(Profile p) {
        Map<String, Object> compose = Manifests.parse(compose(p.env())).getFirst();

        assertThat(Maps.list(compose, "services", "claude", "environment")).containsExactly("ANTHROPIC_API_KEY",
                "PGPASSWORD", "SWITCHYARD_ADMIN_KEY", "SWITCHYARD_CLUSTER_SECRET");
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void compose_eachEnvironment_passesDockerComposeConfig(Profile p, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), compose(p.env()));
        Files.writeString(dir.resolve("switchyard.yaml"), "server: { port: 8080 }\n");

        Process check = new ProcessBuilder("docker-compose", "-f", "compose.yaml", "config", "-q")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        check.getOutputStream().close();
        try {
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.exitValue()).as(output).isZero();
        } finally {
            check.destroyForcibly();
        }
    }
}
