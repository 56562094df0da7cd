package dev.switchyard.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** deploy/compose as written, checked by Docker Compose itself (Debian's docker-compose: `config -q`). */
class ComposeFileTest {
    private ComposeProject project;

    @BeforeEach
    void copy() throws IOException {
        project = new ComposeProject(Map.of());
    }

    @AfterEach
    void remove() throws IOException {
        project.close();
    }

    @Test
    void composeFile_asWritten_isValidForDockerCompose() {
        Podman.Result r = project.run(Duration.ofSeconds(60), "docker-compose", "-f", "compose.yaml", "config", "-q");

        assertThat(r.ok()).as(r.output()).isTrue();
    }

    @Test
    void composeFile_withTheLocalOverride_isValidForDockerCompose() {
        Podman.Result r = project.run(Duration.ofSeconds(60), "docker-compose", "-f", "compose.yaml",
                "-f", ComposeProject.OVERRIDE, "config", "-q");

        assertThat(r.ok()).as(r.output()).isTrue();
    }

    @Test
    void composeFile_resolved_hasTheDesignsTopology() {
        String services = project.run(Duration.ofSeconds(60), "docker-compose", "-f", "compose.yaml", "config",
                "--services").output();
        String resolved = project.run(Duration.ofSeconds(60), "docker-compose", "-f", "compose.yaml", "config").output();

        assertThat(services.lines().map(String::trim).toList())
                .containsExactlyInAnyOrder("gateway", "claude", "auth", "conversation", "redis", "postgres");
        assertThat(resolved).contains("replicas: 3", "replicas: 2", "condition: service_healthy",
                "restart: unless-stopped", "read_only: true", "published: 8080");
        // Secrets come from the env file, never from the compose file itself.
        assertThat(Files.exists(project.dir.resolve("switchyard.env"))).isTrue();
        assertThat(resolved).contains("SWITCHYARD_CLUSTER_SECRET: cluster-");
    }

    @Test
    void composeFile_missingEnvFile_isRefused() throws IOException {
        Files.delete(project.dir.resolve("switchyard.env"));

        Podman.Result r = project.run(Duration.ofSeconds(60), "docker-compose", "-f", "compose.yaml", "config", "-q");

        assertThat(r.ok()).isFalse();
        assertThat(r.output()).contains("switchyard.env");
    }
}
