package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.config.RegistryConfig.Peer;
import dev.switchyard.core.config.RegistryConfig.RecordType;
import dev.switchyard.core.config.RegistryConfig.Type;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {
    private static final String BASE = """
            deployments:
              - name: primary
                base_url: http://127.0.0.1:9001
                models: [claude-sonnet-4-6]
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private RegistryConfig registry(String yaml) {
        return loader.parse(BASE + yaml).registry();
    }

    private List<String> problems(String yaml) {
        try {
            loader.parse(BASE + yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("config was accepted: " + yaml);
    }

    @Test
    void parse_noRegistrySection_isStaticAndEmpty() {
        RegistryConfig r = loader.parse(BASE).registry();

        assertThat(r.type()).isEqualTo(Type.STATIC);
        assertThat(r.instances()).isEmpty();
    }

    @Test
    void parse_staticInstances_readsEveryField() {
        RegistryConfig r = registry("""
                registry:
                  type: static
                  static:
                    instances:
                      - { role: claude, id: c1, address: "http://127.0.0.1:7001", zone: a, weight: 3,
                          metadata: { rack: r1 } }
                      - { role: auth, address: "http://10.0.0.2:7002" }
                """);

        assertThat(r.instances()).containsExactly(
                new Peer("claude", "c1", URI.create("http://127.0.0.1:7001"), "a", 3, Map.of("rack", "r1")),
                new Peer("auth", "auth@10.0.0.2:7002", URI.create("http://10.0.0.2:7002"), "", 1, Map.of()));
    }

    @Test
    void parse_staticInstanceWithBadRoleAndAddress_namesKeyAndValue() {
        assertThat(problems("""
                registry:
                  static:
                    instances:
                      - { role: cluade, address: "ftp://x" }
                """)).contains("registry.static.instances[0].role: unknown role 'cluade' (known: auth, cache, claude,"
                + " conversation, filter, gateway, translation)",
                "registry.static.instances[0].address: 'ftp://x' is not an http(s) URL with a host");
    }

    @Test
    void parse_dnsSection_readsNamesRecordResolverAndPeriod() {
        RegistryConfig r = registry("""
                registry:
                  type: dns
                  dns:
                    names: { claude: claude.switchyard.test, auth: auth.switchyard.test }
                    record: a
                    port: 7001
                    resolver: "127.0.0.1:5353"
                    period: 500ms
                """);

        assertThat(r.type()).isEqualTo(Type.DNS);
        assertThat(r.dns().names()).containsEntry("claude", "claude.switchyard.test").hasSize(2);
        assertThat(r.dns().record()).isEqualTo(RecordType.A);
        assertThat(r.dns().port()).isEqualTo(7001);
        assertThat(r.dns().resolverHost()).isEqualTo("127.0.0.1");
        assertThat(r.dns().resolverPort()).isEqualTo(5353);
        assertThat(r.dns().period()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void parse_dnsWithoutResolver_usesSystemResolverAndSrvByDefault() {
        RegistryConfig r = registry("""
                registry:
                  type: dns
                  dns: { names: { claude: _role._tcp.claude.default.svc.cluster.local } }
                """);

        assertThat(r.dns().resolverHost()).isNull();
        assertThat(r.dns().record()).isEqualTo(RecordType.SRV);
        assertThat(r.dns().period()).isEqualTo(RegistryConfig.Dns.DEFAULT_PERIOD);
    }

    @Test
    void parse_dnsARecordsWithoutPortOrNames_reportsEach() {
        assertThat(problems("""
                registry:
                  type: dns
                  dns: { record: A, period: 0s }
                """)).contains("registry.dns.names: is required for registry.type dns: a name per role",
                "registry.dns.port: is required with A records (they carry no port)",
                "registry.dns.period: must be more than 0, got 0ms");
        assertThat(problems("""
                registry:
                  type: dns
                  dns: { names: { claude: x.test, nope: y.test }, record: MX }
                """)).contains("registry.dns.record: expected A or SRV, got 'MX'")
                .anyMatch(p -> p.startsWith("registry.dns.names.nope: unknown role"));
    }

    @Test
    void parse_etcdSection_readsEndpointsPrefixTtlAndBackoff() {
        RegistryConfig r = registry("""
                registry:
                  type: etcd
                  etcd:
                    endpoints: ["http://127.0.0.1:2379", "http://127.0.0.2:2379"]
                    prefix: /sy/instances/
                    lease_ttl: 3s
                    backoff: { min: 100ms, max: 2s }
                """);

        assertThat(r.etcd().endpoints()).containsExactly(URI.create("http://127.0.0.1:2379"),
                URI.create("http://127.0.0.2:2379"));
        assertThat(r.etcd().prefix()).as("trailing slash dropped").isEqualTo("/sy/instances");
        assertThat(r.etcd().leaseTtl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.etcd().backoffMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(r.etcd().backoffMax()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void parse_etcdWithBadValues_namesKeyAndValue() {
        assertThat(problems("""
                registry:
                  type: etcd
                  etcd: { prefix: sy, lease_ttl: 1500ms, backoff: { min: 2s, max: 1s } }
                """)).contains(
                "registry.etcd.endpoints: is required for registry.type etcd: at least one http(s) URL",
                "registry.etcd.prefix: must start with / and name something, got 'sy'",
                "registry.etcd.lease_ttl: must be whole seconds, at least 1s (etcd leases count in seconds),"
                        + " got 1500ms",
                "registry.etcd.backoff.max: must be at least backoff.min (2000ms), got 1000ms");
    }

    @Test
    void parse_unknownTypeOrKey_isRejected() {
        assertThat(problems("""
                registry: { type: consul, zookeeper: {} }
                """)).contains("registry.type: unknown registry type 'consul' (known: static, dns, etcd, kubernetes)")
                .anyMatch(p -> p.startsWith("registry.zookeeper: unknown key"));
    }

    @Test
    void parse_kubernetesRoles_readWithTheSectionNamespaceAsDefault() {
        RegistryConfig r = registry("""
                registry:
                  type: kubernetes
                  kubernetes:
                    namespace: sy
                    resync: 5m
                    roles:
                      claude: { service: switchyard-claude, port_name: role }
                      auth: { service: switchyard-auth, namespace: other, scheme: https }
                """);

        assertThat(r.kubernetes().roles()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "claude", new RegistryConfig.KubernetesRole("sy", "switchyard-claude", "role", "http"),
                "auth", new RegistryConfig.KubernetesRole("other", "switchyard-auth", "", "https")));
        assertThat(r.kubernetes().resync()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void parse_kubernetesWithoutRolesOrService_isRejected() {
        assertThat(problems("""
                registry: { type: kubernetes, kubernetes: { namespace: sy } }
                """)).contains(
                        "registry.kubernetes.roles: is required for registry.type kubernetes: a Service per role");
        assertThat(problems("""
                registry: { type: kubernetes, kubernetes: { roles: { claude: { port_name: x } } } }
                """)).contains(
                        "registry.kubernetes.roles.claude.service: is required: the Service that fronts role claude");
    }

    @Test
    void peers_validSpecs_becomeStaticInstances() {
        List<Peer> peers = Peers.parse(List.of("claude=http://127.0.0.1:7001", "auth=https://auth.internal"));

        assertThat(peers).containsExactly(
                new Peer("claude", "claude@127.0.0.1:7001", URI.create("http://127.0.0.1:7001"), "", 1, Map.of()),
                new Peer("auth", "auth@auth.internal:443", URI.create("https://auth.internal"), "", 1, Map.of()));
        assertThat(RegistryConfig.defaults().withPeers(peers).instances()).isEqualTo(peers);
    }

    @Test
    void peers_badSpecs_reportEveryOneByValue() {
        assertThatThrownBy(() -> Peers.parse(List.of("claude", "robot=http://x:1", "auth=not a url",
                "claude=http://a:1", "claude=http://a:1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "--peer: expected ROLE=URL, got 'claude'",
                        "--peer: unknown role 'robot' in 'robot=http://x:1' (known: auth, cache, claude, conversation,"
                                + " filter, gateway, translation)",
                        "--peer: 'not a url' in 'auth=not a url' is not an http(s) URL with a host",
                        "--peer: 'claude=http://a:1' is listed twice"));
    }

    @Test
    void withPeers_registryNotStatic_isRefused() {
        RegistryConfig etcd = new RegistryConfig(Type.ETCD, List.of(), RegistryConfig.Dns.defaults(),
                RegistryConfig.Etcd.defaults(), RegistryConfig.Kubernetes.defaults());

        assertThatThrownBy(() -> etcd.withPeers(Peers.parse(List.of("claude=http://a:1"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("--peer: only with registry.type static, got etcd"));
    }
}
