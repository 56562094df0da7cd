package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String VALID = """
            server:
              port: 9000
              max_body_size: 1MB
              drain_timeout: 10s
            client_keys: [ "${CLIENT_KEY}" ]
            upstream:
              max_attempts: 4
              breaker: { failure_threshold: 3, open_duration: 30s }
            deployments:
              - name: primary
                base_url: http://127.0.0.1:9001
                api_key: ${UPSTREAM_KEY:-fallback-key}
                weight: 3
                models:
                  - name: claude-opus-4-8
                    aliases: [opus]
                  - claude-sonnet-4-6
                timeouts: { first_byte: 2s, idle: 500ms }
            models:
              opus:
                strategy: least_connections
                fallbacks: [claude-sonnet-4-6]
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("CLIENT_KEY", "sk-client-1")::get);

    @Test
    void parse_validConfig_readsEveryField() {
        SwitchyardConfig c = loader.parse(VALID);

        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(c.server().drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.clientKeys()).containsExactly("sk-client-1");
        assertThat(c.upstream().maxAttempts()).isEqualTo(4);
        assertThat(c.upstream().breaker().failureThreshold()).isEqualTo(3);
        assertThat(c.upstream().breaker().openDuration()).isEqualTo(Duration.ofSeconds(30));
        DeploymentConfig d = c.deployments().get(0);
        assertThat(d.apiKey()).isEqualTo("fallback-key");
        assertThat(d.weight()).isEqualTo(3);
        assertThat(d.models()).containsExactly(new ServedModel("claude-opus-4-8", java.util.List.of("opus")),
                ServedModel.of("claude-sonnet-4-6"));
        assertThat(d.timeouts().firstByte()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.timeouts().idle()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.http2()).as("plain http defaults to HTTP/1.1").isFalse();
        assertThat(c.models().get("opus").strategy()).isEqualTo("least_connections");
        assertThat(c.models().get("opus").fallbacks()).containsExactly("claude-sonnet-4-6");
    }

    @Test
    void parse_clientTimeoutsCapAndMetricsToken_readAndDefaulted() {
        SwitchyardConfig c = loader.parse(VALID.replace("  drain_timeout: 10s\n", """
                  drain_timeout: 10s
                  header_timeout: 5s
                  body_timeout: 20s
                  keepalive_timeout: 2m
                  max_connections_per_ip: 64
                  metrics_token: scrape-me
                """).replace("idle: 500ms }", "idle: 500ms, body: 45s }"));
        SwitchyardConfig d = loader.parse(VALID);

        assertThat(c.server().headerTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.server().bodyTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.server().keepAliveTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.server().maxConnectionsPerIp()).isEqualTo(64);
        assertThat(c.server().metricsToken()).isEqualTo("scrape-me");
        assertThat(c.server().toString()).doesNotContain("scrape-me");
        assertThat(c.deployments().get(0).timeouts().body()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.server().headerTimeout()).isEqualTo(ServerConfig.DEFAULT_HEADER_TIMEOUT);
        assertThat(d.server().bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.server().keepAliveTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.server().maxConnectionsPerIp()).isEqualTo(ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_IP);
        assertThat(d.server().metricsToken()).isNull();
        assertThat(d.deployments().get(0).timeouts().body()).isEqualTo(Timeouts.DEFAULT_BODY);
    }

    @Test
    void parse_badClientTimeouts_nameEachKey() {
        String bad = VALID.replace("  drain_timeout: 10s\n", """
                  drain_timeout: 10s
                  header_timeout: 0s
                  body_timeout: slow
                  max_connections_per_ip: -1
                """).replace("idle: 500ms }", "idle: 500ms, body: 0ms }");

        assertThatThrownBy(() -> loader.parse(bad))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "server.header_timeout: must be more than 0, got 0ms",
                        "server.body_timeout: expected a duration like 500ms, 30s, 5m or 1h, got 'slow'",
                        "server.max_connections_per_ip: must be between 0 and 10000000, got -1",
                        "deployments[0].timeouts.body: must be more than 0, got 0ms"));
    }

    @Test
    void parse_variableOnACommentLineUnset_leftAloneNotAProblem() {
        String withComment = VALID + "\n# headers: { authorization: \"Bearer ${UNSET_IN_A_COMMENT}\" }\n";

        SwitchyardConfig config = new ConfigLoader(k -> k.equals("CLIENT_KEY") ? "sk-test" : null).parse(withComment);

        assertThat(config.clientKeys()).isNotEmpty();
    }

    @Test
    void parse_telemetrySection_readAndValidated() {
        SwitchyardConfig config = new ConfigLoader(k -> "sk-test").parse(VALID + """

                telemetry:
                  endpoint: http://127.0.0.1:4318
                  headers: { authorization: "Bearer secret-token" }
                  sampling_ratio: 0.25
                  service_name: edge
                  recent_traces: { size: 50, ratio: 1, per_second: 20 }
                """);
        TelemetryConfig t = config.telemetry();
        assertThat(t.endpoint()).hasToString("http://127.0.0.1:4318");
        assertThat(t.samplingRatio()).isEqualTo(0.25);
        assertThat(t.serviceName()).isEqualTo("edge");
        assertThat(t.recentTraces()).isEqualTo(50);
        assertThat(t.recentRatio()).isEqualTo(1.0);
        assertThat(t.recentPerSecond()).isEqualTo(20);
        assertThat(TelemetryConfig.defaults().recentPerSecond()).isEqualTo(TelemetryConfig.DEFAULT_RECENT_PER_SECOND);
        assertThat(t.toString()).doesNotContain("secret-token");
        assertThatThrownBy(() -> new ConfigLoader(k -> "sk-test").parse(VALID + """

                telemetry: { endpoint: "ftp://x", sampling_ratio: 2, recent_traces: { size: -1, per_second: -5 } }
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "telemetry.endpoint: must be an http(s) URL of an OTLP/HTTP receiver, e.g. http://127.0.0.1:4318, got 'ftp://x'",
                        "telemetry.sampling_ratio: must be between 0 and 1, got 2.0",
                        "telemetry.recent_traces.size: must be between 0 and 1000000, got -1",
                        "telemetry.recent_traces.per_second: must be between 0 and 1000000, got -5"));
    }

    @Test
    void parse_missingEnvironmentVariable_namesTheVariableAndLine() {
        assertThatThrownBy(() -> new ConfigLoader(k -> null).parse(VALID))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 5: environment variable CLIENT_KEY is not set");
    }

    @Test
    void parse_badValues_reportsEveryProblemWithItsKey() {
        String bad = """
                server: { port: 70000, drain_timeout: soon }
                upstream: { strategy: fastest }
                deployments:
                  - name: a
                    base_url: ftp://x
                    models: [m1]
                    weight: 0
                  - name: a
                    base_url: http://ok:1
                    provider: openai
                    models: [m2]
                    colour: blue
                models:
                  m3: { fallbacks: [m1] }
                  m1: { fallbacks: [m9] }
                """;

        assertThatThrownBy(() -> loader.parse(bad))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "server.port: must be between 0 and 65535, got 70000",
                        "server.drain_timeout: expected a duration like 500ms, 30s, 5m or 1h, got 'soon'",
                        "upstream.strategy: unknown strategy 'fastest' (known: round_robin, random, least_connections, weighted, latency)",
                        "deployments[0].weight: must be between 1 and 1000, got 0",
                        "deployments[0].base_url: 'ftp://x' is not an http(s) URL with a host",
                        "deployments[1].name: duplicate deployment name 'a'",
                        "deployments[1].provider: unknown provider 'openai' (known: anthropic)",
                        "models.m3: no deployment serves this model or alias",
                        "models.m1.fallbacks: 'm9' is not served by any deployment"))
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("deployments[1].colour: unknown key")));
    }

    @Test
    void parse_http2_defaultsOnForHttpsAndIsValidated() {
        String https = VALID.replace("base_url: http://127.0.0.1:9001", "base_url: https://api.example.com");

        assertThat(loader.parse(https).deployments().get(0).http2()).isTrue();
        assertThat(loader.parse(VALID.replace("weight: 3", "weight: 3\n    http2: true")).deployments().get(0).http2())
                .isTrue();
        assertThatThrownBy(() -> loader.parse(VALID.replace("weight: 3", "weight: 3\n    http2: sometimes")))
                .hasMessageContaining("deployments[0].http2: expected true or false, got 'sometimes'");
    }

    @Test
    void parse_passthrough_defaultsToEveryV1PathAndIsValidated() {
        DeploymentConfig open = loader.parse(VALID).deployments().get(0);
        DeploymentConfig some = loader.parse(VALID.replace("weight: 3",
                "weight: 3\n    passthrough: [/v1/messages/batches, /v1/files]")).deployments().get(0);
        DeploymentConfig none = loader.parse(VALID.replace("weight: 3", "weight: 3\n    passthrough: []"))
                .deployments().get(0);

        assertThat(open.passes("/v1/skills")).isTrue();
        assertThat(some.passes("/v1/messages/batches/msgbatch_1/results")).isTrue();
        assertThat(some.passes("/v1/files")).isTrue();
        assertThat(some.passes("/v1/filesystem")).as("a prefix ends at a segment").isFalse();
        assertThat(some.passes("/v1/skills")).isFalse();
        assertThat(none.passes("/v1/files")).isFalse();
        assertThatThrownBy(() -> loader.parse(VALID.replace("weight: 3", "weight: 3\n    passthrough: [/admin]")))
                .hasMessageContaining("deployments[0].passthrough: each entry must be a path under /v1/");
    }

    @Test
    void parse_noDeployments_isRejected() {
        assertThatThrownBy(() -> loader.parse("client_keys: [k]\n"))
                .hasMessageContaining("deployments: at least one deployment is required");
    }

    @Test
    void parse_invalidYaml_namesTheLine() {
        assertThatThrownBy(() -> loader.parse("deployments:\n  - name: [unclosed\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void toString_withSecrets_neverPrintsThem() {
        SwitchyardConfig c = new ConfigLoader(Map.of("CLIENT_KEY", "sk-client-secret", "UPSTREAM_KEY",
                "upstream-secret-value-123")::get).parse(VALID);

        assertThat(c.toString()).doesNotContain("sk-client-secret").doesNotContain("upstream-secret-value-123")
                .contains("redacted");
    }

    @Test
    void parse_dollarDollar_staysLiteral() {
        SwitchyardConfig c = new ConfigLoader(k -> "x").parse(VALID.replace("${UPSTREAM_KEY:-fallback-key}",
                "$${NOT_SUBSTITUTED}"));

        assertThat(c.deployments().get(0).apiKey()).isEqualTo("${NOT_SUBSTITUTED}");
    }

    private static final String AUTH = """
            auth:
              admin_key: admin-secret-value
              store: { url: "jdbc:postgresql://db:5432/sy", user: sy, password: pg-secret-value, schema: gw }
              redis: { url: "redis://:redis-secret@cache:6379", timeout: 40ms, breaker: { failure_threshold: 2 } }
              on_redis_down: { rate_limits: open, budgets: closed }
              replicas: 4
            pricing:
              claude-opus-4-8: { input: 4, output: 20 }
            """;

    @Test
    void parse_authSection_readsEveryFieldAndHidesSecrets() {
        SwitchyardConfig c = loader.parse(VALID + AUTH);

        AuthConfig a = c.auth();
        assertThat(a.enabled()).isTrue();
        assertThat(a.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/sy");
        assertThat(a.store().schema()).isEqualTo("gw");
        assertThat(a.redis().timeout()).isEqualTo(java.time.Duration.ofMillis(40));
        assertThat(a.redis().breaker().failureThreshold()).isEqualTo(2);
        assertThat(a.rateLimitsOnRedisDown()).isEqualTo(FailMode.OPEN);
        assertThat(a.budgetsOnRedisDown()).isEqualTo(FailMode.CLOSED);
        assertThat(a.replicas()).isEqualTo(4);
        assertThat(c.pricing().priceOf("claude-opus-4-8").input()).isEqualTo(4.0);
        assertThat(c.pricing().priceOf("claude-opus-4-8").cacheRead()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.pricing().priceOf("claude-sonnet-4-6").output()).isEqualTo(15.0);
        assertThat(c.toString()).doesNotContain("admin-secret-value").doesNotContain("pg-secret-value")
                .doesNotContain("redis-secret");
    }

    @Test
    void parse_ledgerSpillBoundsAndShutdownTimeout_readOrDefaulted() {
        LedgerConfig set = loader.parse(VALID + AUTH.replace("  replicas: 4\n", "  replicas: 4\n  ledger: { "
                + "spill_after: 250ms, spill_pending: 50, shutdown_timeout: 3s }\n")).auth().ledger();
        LedgerConfig unset = loader.parse(VALID + AUTH).auth().ledger();

        assertThat(set.spillAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(set.spillPending()).isEqualTo(50);
        assertThat(set.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(unset.spillAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(unset.spillPending()).isEqualTo(1_000);
        assertThat(unset.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void parse_ledgerSpillAfterOutOfRange_namesTheKeyAndValue() {
        String bad = AUTH.replace("  replicas: 4\n", "  replicas: 4\n  ledger: { spill_after: 0ms, "
                + "spill_pending: 0, shutdown_timeout: 2h }\n");
        assertThatThrownBy(() -> loader.parse(VALID + bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.ledger.spill_after: must be between 10ms and 10m, got 0ms")
                .hasMessageContaining("auth.ledger.spill_pending: must be between 1 and 10000000, got 0")
                .hasMessageContaining("auth.ledger.shutdown_timeout: must be between 0ms and 10m, got 7200000ms");
    }

    @Test
    void parse_authWithoutSection_isDisabled() {
        assertThat(loader.parse(VALID).auth().enabled()).isFalse();
    }

    @Test
    void parse_badAuthValues_nameEachKey() {
        String bad = """
                auth:
                  store: { url: "mysql://db/sy" }
                  redis: { url: "http://cache" }
                  on_redis_down: { rate_limits: sometimes }
                  replicas: 0
                pricing:
                  claude-x: { output: -1 }
                """;
        assertThatThrownBy(() -> loader.parse(VALID + bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.store.url: expected a jdbc:postgresql: URL")
                .hasMessageContaining("auth.redis.url: expected a redis:// or rediss:// URL")
                .hasMessageContaining("auth.on_redis_down.rate_limits: expected open or closed, got 'sometimes'")
                .hasMessageContaining("auth.replicas: must be between 1 and 10000, got 0")
                .hasMessageContaining("pricing.claude-x.input: is required")
                .hasMessageContaining("pricing.claude-x.output: must be a number >= 0");
    }

    @Test
    void parse_cacheAndConversations_readEveryField() {
        String yaml = """
                cache:
                  l1_max_size: 16MB
                  ttl: { api_response: 1m, conversation: 10m }
                  redis_nodes: ["redis://127.0.0.1:7001", "redis://:pw-secret@127.0.0.1:7002"]
                  virtual_nodes: 64
                  compress_above: 4KB
                  deterministic: true
                conversations:
                  virtual_nodes: 100
                  max_profile_bytes: 16KB
                  shards:
                    - { name: s0, url: "jdbc:postgresql://db0:5432/conv", user: sy, password: shard-secret }
                    - { name: s1, url: "jdbc:postgresql://db1:5432/conv", schema: c1 }
                """;
        SwitchyardConfig c = loader.parse(VALID + yaml);

        assertThat(c.cache().enabled()).isTrue();
        assertThat(c.cache().l1MaxBytes()).isEqualTo(16L << 20);
        assertThat(c.cache().ttl(dev.switchyard.cache.CacheKind.API_RESPONSE)).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(c.cache().ttl(dev.switchyard.cache.CacheKind.TRANSLATION)).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(c.cache().redisNodes()).hasSize(2);
        assertThat(c.cache().virtualNodes()).isEqualTo(64);
        assertThat(c.cache().compressAboveBytes()).isEqualTo(4096);
        assertThat(c.cache().deterministic()).isTrue();
        assertThat(c.conversations().shards()).extracting(ConversationConfig.Shard::name).containsExactly("s0", "s1");
        assertThat(c.conversations().shards().get(1).store().schema()).isEqualTo("c1");
        assertThat(c.conversations().maxProfileBytes()).isEqualTo(16 * 1024);
        assertThat(c.toString()).doesNotContain("pw-secret").doesNotContain("shard-secret");
    }

    @Test
    void parse_badCacheAndShards_nameEachKey() {
        String yaml = """
                cache:
                  ttl: { api_respons: 1m }
                  redis_nodes: ["http://x"]
                conversations:
                  max_profile_bytes: 0
                  shards:
                    - { name: s0, url: "mysql://db" }
                    - { name: s0 }
                """;
        assertThatThrownBy(() -> loader.parse(VALID + yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cache.ttl.api_respons: unknown key")
                .hasMessageContaining("cache.redis_nodes[0]: expected a redis:// or rediss:// URL")
                .hasMessageContaining("conversations.shards[0].url: expected a jdbc:postgresql: URL")
                .hasMessageContaining("conversations.shards[1].name: duplicate shard name 's0'")
                .hasMessageContaining("conversations.max_profile_bytes: expected a size from 1 byte to 16MB, got 0");
    }
}
