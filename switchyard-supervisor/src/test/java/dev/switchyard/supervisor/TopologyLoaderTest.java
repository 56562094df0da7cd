package dev.switchyard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void config() throws Exception {
        Fixture.configIn(dir);
    }

    private Topology parse(String yaml) {
        return new TopologyLoader(Map.of("SECRET", "s3cr3t-value")::get).parse(yaml, dir);
    }

    private List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void example_parsesBack_intoTheIssuesLayout() {
        Topology t = new TopologyLoader(name -> null).parse(ExampleTopology.TEXT, dir);

        assertThat(t.config()).isEqualTo(dir.resolve(ExampleTopology.CONFIG_FILE));
        assertThat(t.clusterSecret()).isEmpty();
        assertThat(t.runDir()).isEqualTo(dir.resolve(".switchyard-up"));
        assertThat(t.children()).extracting(ChildSpec::id).containsExactly("gateway-1", "claude-1", "claude-2",
                "claude-3", "auth-1", "auth-2", "conversation-1");
        assertThat(t.children()).extracting(ChildSpec::healthPort)
                .containsExactly(8080, 7101, 7102, 7103, 7201, 7202, 7301);
        assertThat(t.children().get(0)).extracting(ChildSpec::port, ChildSpec::rolePort).containsExactly(8080, 0);
        assertThat(t.children().get(1)).extracting(ChildSpec::port, ChildSpec::rolePort).containsExactly(0, 7101);
        assertThat(t.children().get(1).jvmOptions()).containsExactly("-Xmx256m");
        assertThat(t.supervision()).isEqualTo(Topology.Supervision.defaults());
    }

    @Test
    void defaults_fillEverythingButConfigAndServices() {
        Topology t = parse("config: switchyard.yaml\nservices: { claude: { port: 9000 } }");

        assertThat(t.supervision().checkInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.supervision().checkTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.supervision().unhealthyAfter()).isEqualTo(3);
        assertThat(t.supervision().stopGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.children()).singleElement().satisfies(c -> {
            assertThat(c.roles()).containsExactly("claude");
            assertThat(c.instance()).isEqualTo(1);
            assertThat(c.jvmOptions()).isEmpty();
        });
    }

    @Test
    void aServiceOfSeveralRoles_withTheGateway_getsBothPorts() {
        Topology t = parse("""
                config: switchyard.yaml
                services:
                  edge: { roles: [gateway, filter, cache], instances: 2, port: 8080, role_port: 9500 }
                """);

        assertThat(t.children()).extracting(ChildSpec::id, ChildSpec::port, ChildSpec::rolePort).containsExactly(
                org.assertj.core.groups.Tuple.tuple("edge-1", 8080, 9500),
                org.assertj.core.groups.Tuple.tuple("edge-2", 8081, 9501));
    }

    @Test
    void clusterSecret_fromTheEnvironment_isNeverPrinted() {
        Topology t = parse("config: switchyard.yaml\ncluster_secret: ${SECRET}\nservices: { auth: { port: 9000 } }");

        assertThat(t.clusterSecret()).hasValue("s3cr3t-value");
        assertThat(t.toString()).doesNotContain("s3cr3t-value");
        assertThat(problems("config: switchyard.yaml\ncluster_secret: ${MISSING}\nservices: { auth: { port: 1 } }"))
                .containsExactly("cluster_secret: environment variable MISSING is not set");
        assertThat(parse("config: switchyard.yaml\ncluster_secret: ${MISSING:-}\nservices: { auth: { port: 1 } }")
                .clusterSecret()).isEmpty();
    }

    @Test
    void badValues_areAllReported_eachNamingItsKeyAndValue() {
        List<String> problems = problems("""
                config: nowhere.yaml
                colour: blue
                services:
                  claude: { instances: 0, port: 9000, jvm_options: -Xmx1g }
                  auth: { port: 70000 }
                  edge: { port: 9100 }
                  cache: { roles: [cache, storage], port: 9200 }
                supervision:
                  check_interval: 5 minutes
                  check_timeout: 0s
                  unhealthy_after: many
                  restart_backoff: { min: 10s, max: 1s }
                """);

        assertThat(problems).contains(
                "config: no readable file at '" + dir.resolve("nowhere.yaml") + "'",
                "colour: unknown key (known: cluster_secret, config, run_dir, services, supervision)",
                "services.claude.instances: must be between 1 and 64, got 0",
                "services.claude.jvm_options: expected a list, got '-Xmx1g'",
                "services.auth.port: must be between 1 and 65535, got 70000",
                "services.edge: 'edge' is not a role, so the service must list its roles (known: auth, cache, claude,"
                        + " conversation, filter, gateway, translation)",
                "services.cache.roles: unknown role 'storage' (known: auth, cache, claude, conversation, filter,"
                        + " gateway, translation)",
                "supervision.check_interval: expected a duration like 500ms, 30s, 5m or 1h, got '5 minutes'",
                "supervision.check_timeout: must be more than 0, got '0s'",
                "supervision.unhealthy_after: expected a whole number, got 'many'",
                "supervision.restart_backoff.max: must be at least restart_backoff.min (10000ms), got 1000ms");
    }

    @Test
    void missingParts_areReported() {
        assertThat(problems("services: { gateway: {} }")).containsExactly(
                "config: is required: the Switchyard config file every process loads",
                "services.gateway.port: is required: the first instance's port (instance n listens on port + n - 1)");
        assertThat(problems("config: switchyard.yaml")).containsExactly(
                "services: is required: a mapping of service name to its roles, instances and port");
        assertThat(problems("config: switchyard.yaml\nservices: { edge: { roles: [gateway, auth], port: 8080 } }"))
                .containsExactly("services.edge.role_port: is required: the first instance's port (instance n"
                        + " listens on port + n - 1)");
        assertThat(problems("config: switchyard.yaml\nservices: { auth: { port: 9000, role_port: 9100 } }"))
                .containsExactly("services.auth.role_port: only for a service serving the gateway and other roles"
                        + " (port is its port)");
        assertThat(problems("")).containsExactly("<root>: the topology is empty (see `switchyard up --example`)");
    }

    @Test
    void overlappingPorts_areRefused() {
        assertThat(problems("""
                config: switchyard.yaml
                services:
                  claude: { instances: 3, port: 9000 }
                  auth: { instances: 2, port: 9002 }
                """)).containsExactly("services.auth.port: ports auth.port (9002-9003) overlap claude.port (9000-9002)");
    }

    @Test
    void checkTimeoutLongerThanTheInterval_isRefused() {
        assertThat(problems("""
                config: switchyard.yaml
                services: { auth: { port: 9000 } }
                supervision: { check_interval: 1s, check_timeout: 2s }
                """)).containsExactly("supervision.check_timeout: must not exceed check_interval (1000ms), got 2000ms");
    }

    @Test
    void notYaml_isReportedWithItsLine() {
        assertThatThrownBy(() -> parse("config: [unclosed\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void childCommand_passesTheContractsArguments() {
        Topology t = parse("""
                config: switchyard.yaml
                services:
                  gateway: { port: 8080 }
                  claude: { instances: 2, port: 9100, jvm_options: [-Xmx256m] }
                """);
        ChildCommand command = new ChildCommand("/usr/bin/java", "app.jar", ChildCommand.SWITCHYARD_MAIN, List.of("run"));
        String config = dir.resolve("switchyard.yaml").toString();

        assertThat(command.argv(t.children().get(0), t.config())).containsExactly("/usr/bin/java", "-cp", "app.jar",
                "dev.switchyard.app.Main", "run", "--config", config, "--roles", "gateway", "--instance-id",
                "gateway-1", "--port", "8080");
        assertThat(command.argv(t.children().get(2), t.config())).containsExactly("/usr/bin/java", "-Xmx256m", "-cp",
                "app.jar", "dev.switchyard.app.Main", "run", "--config", config, "--roles", "claude",
                "--instance-id", "claude-2", "--role-port", "9101");
        assertThat(ChildCommand.self().classpath()).isEqualTo(System.getProperty("java.class.path"));
    }

    @Test
    void childCommand_optionsOfItsOwn_comeBeforeTheServicesOptions() {
        Topology t = parse("config: switchyard.yaml\nservices: { claude: { port: 9100, jvm_options: [-Xmx256m] } }");
        ChildCommand command = new ChildCommand("/usr/bin/java", List.of("--enable-native-access=ALL-UNNAMED"),
                "app.jar", ChildCommand.SWITCHYARD_MAIN, List.of("run"));

        assertThat(command.argv(t.children().get(0), t.config())).startsWith("/usr/bin/java",
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", "app.jar");
    }

    // regression: children started with -cp lost the jar manifest's native access, and Netty then freed its
    // direct buffers through shared arenas, which made every role process's stop 1-4 s longer
    @Test
    void childCommand_self_grantsNativeAccessAndPassesOnTheLaunchersUnsafeChoice() {
        assertThat(ChildCommand.self().jvmOptions()).contains("--enable-native-access=ALL-UNNAMED");
        assertThat(ChildCommand.inheritedOptions("allow"))
                .containsExactly("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
        assertThat(ChildCommand.inheritedOptions(null)).containsExactly("--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void clusterSecret_forChildren_isTheTopologys_elseInherited_elseMadeForTheRun() {
        Topology given = parse("config: switchyard.yaml\ncluster_secret: abc\nservices: { auth: { port: 9000 } }");
        Topology none = parse("config: switchyard.yaml\nservices: { auth: { port: 9000 } }");
        java.security.SecureRandom random = new java.security.SecureRandom();

        assertThat(ClusterSecret.childEnv(given, name -> "inherited", random))
                .containsExactly(Map.entry("SWITCHYARD_CLUSTER_SECRET", "abc"));
        assertThat(ClusterSecret.childEnv(none, name -> "inherited", random)).isEmpty();
        assertThat(ClusterSecret.childEnv(none, name -> null, random).get("SWITCHYARD_CLUSTER_SECRET"))
                .hasSize(43).isNotEqualTo(ClusterSecret.childEnv(none, name -> null, random)
                        .get("SWITCHYARD_CLUSTER_SECRET"));
    }
}
