package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.config.ClusterConfig.Recovery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private static final String BASE = """
            deployments:
              - name: primary
                base_url: http://127.0.0.1:9001
                models: [claude-sonnet-4-6]
            """;
    private static final String SECRET = "a-cluster-secret-of-24-chars";

    private ClusterConfig cluster(String yaml, Map<String, String> env) {
        return new ConfigLoader(env::get).parse(BASE + yaml).cluster();
    }

    private List<String> problems(String yaml) {
        try {
            new ConfigLoader(Map.<String, String>of()::get).parse(BASE + yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("config was accepted: " + yaml);
    }

    @Test
    void parse_noClusterSection_everyRoleHereAndNoSecret() {
        ClusterConfig c = cluster("", Map.of());

        assertThat(c.allLocal()).isTrue();
        assertThat(c.servesOthers()).isFalse();
        assertThat(c.remoteRoles()).isEmpty();
        assertThat(c.secret()).isNull();
        assertThat(c.health()).isEqualTo(ClusterConfig.RoleHealth.defaults());
    }

    @Test
    void parse_noSection_secretFromEnvironment() {
        assertThat(cluster("", Map.of(ClusterConfig.SECRET_ENV, SECRET)).secret()).isEqualTo(SECRET);
    }

    @Test
    void parse_sectionWithRoles_servesThoseAndCallsTheRest() {
        ClusterConfig c = cluster("""
                cluster:
                  roles: [claude]
                  secret: %s
                  port: 7101
                  health: { interval: 2s, timeout: 1s, unhealthy_threshold: 4 }
                  role_settings:
                    auth: { strategy: least_connections, recovery: command, command: [/bin/true] }
                """.formatted(SECRET), Map.of());

        assertThat(c.roles()).containsExactly("claude");
        assertThat(c.servesOthers()).isTrue();
        assertThat(c.remoteRoles()).containsExactly("cache", "conversation", "auth", "filter", "translation");
        assertThat(c.port()).isEqualTo(7101);
        assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.health().unhealthyThreshold()).isEqualTo(4);
        assertThat(c.settings("auth").strategy()).isEqualTo("least_connections");
        assertThat(c.settings("auth").recovery()).isEqualTo(Recovery.COMMAND);
        assertThat(c.settings("claude")).isEqualTo(ClusterConfig.RoleSettings.defaults());
    }

    @Test
    void parse_gatewayOnly_servesNoRoleToOthers() {
        ClusterConfig c = cluster("cluster: { roles: [gateway], secret: " + SECRET + " }", Map.of());

        assertThat(c.servesOthers()).isFalse();
        assertThat(c.allLocal()).isFalse();
    }

    @Test
    void parse_badValues_everyProblemNamesItsKey() {
        List<String> problems = problems("""
                cluster:
                  roles: [gateway, brain]
                  secret: short
                  advertise: "ftp://x"
                  health: { jitter: 0.9 }
                  role_settings:
                    claude: { strategy: fastest, recovery: reboot }
                    auth: { recovery: kubernetes }
                    nope: { strategy: random }
                """);

        assertThat(String.join("\n", problems))
                .contains("cluster.roles").contains("brain")
                .contains("cluster.secret").contains("16")
                .contains("cluster.advertise").contains("ftp://x")
                .contains("cluster.health.jitter")
                .contains("cluster.role_settings.claude.strategy").contains("fastest")
                .contains("cluster.role_settings.claude.recovery").contains("reboot")
                .contains("cluster.role_settings.auth.kubernetes.deployment")
                .contains("cluster.role_settings.nope");
        assertThat(String.join("\n", problems)).doesNotContain("short");
    }

    @Test
    void parse_kubernetesRecovery_deletePodsNeedsASelector() {
        ClusterConfig c = cluster("""
                cluster:
                  secret: %s
                  role_settings:
                    claude: { recovery: kubernetes, kubernetes: { namespace: ai, deployment: switchyard-claude } }
                """.formatted(SECRET), Map.of());

        assertThat(c.settings("claude").kubernetes())
                .isEqualTo(new ClusterConfig.KubernetesTarget("ai", "switchyard-claude", Map.of(), false));
        assertThat(problems("cluster: { role_settings: { claude: { recovery: kubernetes, kubernetes: { delete_pods: true } } } }"))
                .anyMatch(p -> p.contains("pod_selector"));
    }

    @Test
    void parseRoles_commandLine_knownNamesOrAll() {
        assertThat(ClusterConfig.parseRoles("gateway, claude")).containsExactly("gateway", "claude");
        assertThat(ClusterConfig.parseRoles("all")).containsExactlyInAnyOrderElementsOf(ClusterConfig.ALL_ROLES);
        assertThatThrownBy(() -> ClusterConfig.parseRoles("gateway,brain")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--roles").hasMessageContaining("brain");
        assertThatThrownBy(() -> ClusterConfig.parseRoles(" , ")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--roles");
    }

    @Test
    void toString_withSecret_neverPrintsIt() {
        ClusterConfig c = cluster("cluster: { roles: [claude], secret: " + SECRET + " }", Map.of());

        assertThat(c.toString()).doesNotContain(SECRET).contains("<redacted>");
        assertThat(Set.copyOf(c.roles())).containsExactly("claude");
    }
}
