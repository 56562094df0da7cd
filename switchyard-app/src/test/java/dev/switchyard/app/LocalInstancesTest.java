package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app as it starts today (every role in one process): /admin/instances lists this process's roles. */
class LocalInstancesTest {
    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        h = new Harness().deployment("d1", "claude-sonnet-4-6").auth(fx.config(1, dir)).start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    @Test
    void instances_defaultDirectory_everyRoleLocalAndHealthy() {
        JsonNode data = fx.admin(h.baseUrl(), "GET", "/admin/instances", null, 200).path("data");

        assertThat(data).extracting(n -> n.path("role").asText()).containsExactlyInAnyOrderElementsOf(
                ThisProcess.ALL_ROLES);
        assertThat(data).allSatisfy(n -> {
            assertThat(n.path("local").asBoolean()).isTrue();
            assertThat(n.path("health").asText()).isEqualTo("healthy");
            assertThat(n.path("in_rotation").asBoolean()).isTrue();
            assertThat(n.path("id").asText()).isEqualTo(ThisProcess.instanceId());
        });
    }

    @Test
    void health_instanceIdMatchesTheDirectorys() throws Exception {
        JsonNode health = dev.switchyard.core.json.Json.mapper().readTree(RawHttp.get(h.baseUrl(), "/health").body());

        assertThat(health.path("instance").asText()).isEqualTo(ThisProcess.instanceId());
        assertThat(health.path("roles")).extracting(JsonNode::asText).containsExactlyElementsOf(ThisProcess.ALL_ROLES);
    }

    @Test
    void allRoles_sameAsTheConfigsRoleList() {
        assertThat(ThisProcess.ALL_ROLES).containsExactlyInAnyOrderElementsOf(
                dev.switchyard.core.config.RegistryConfig.ROLES);
    }
}
