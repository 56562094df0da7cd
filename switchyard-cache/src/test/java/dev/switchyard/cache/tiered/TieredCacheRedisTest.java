package dev.switchyard.cache.tiered;

import dev.switchyard.testkit.RedisServer;
import dev.switchyard.testkit.MutableClock;
import static dev.switchyard.cache.tiered.CacheTestSupport.await;
import static dev.switchyard.cache.tiered.CacheTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.cache.CacheKind;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.ring.HashRing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against three redis-servers of the test's own, shared by the tests of this class (each uses its own prefix). */
class TieredCacheRedisTest {
    private static final List<RedisServer> servers = new ArrayList<>();
    private static Vertx vertx;
    private static List<Redis> raw;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private final List<TieredCache> caches = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void startServers() throws Exception {
        vertx = Vertx.vertx();
        raw = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RedisServer r = new RedisServer().start();
            servers.add(r);
            raw.add(Redis.createClient(vertx, r.url()));
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (RedisServer r : servers) {
            r.close();
        }
        await(vertx.close());
    }

    @BeforeEach
    void newPrefix() {
        prefix = CacheTestSupport.uniquePrefix();
    }

    @AfterEach
    void closeCaches() {
        caches.forEach(TieredCache::close);
    }

    private static List<String> urls() {
        return servers.stream().map(RedisServer::url).toList();
    }

    private CacheConfig config(Map<CacheKind, Duration> ttls) {
        return CacheTestSupport.nodes(urls(), prefix, ttls, Duration.ofMillis(500),
                new BreakerConfig(5, Duration.ofSeconds(5), 1));
    }

    private TieredCache cache(CacheConfig config) {
        TieredCache c = TieredCache.start(vertx, config, clock, registry);
        caches.add(c);
        return c;
    }

    private static Response rawCall(int node, Request r) throws Exception {
        return await(raw.get(node).send(r));
    }

    /** The node holding the key by the cache's own ring, and the key itself. */
    private static Response rawGet(TieredCache cache, CacheKind kind, String tenant, String key, Command cmd) throws Exception {
        String full = cache.keys().full(kind, tenant, key);
        return rawCall(cache.l2().nodeOf(full), Request.cmd(cmd).arg(full));
    }

    private static long keysOn(int node, String prefix) throws Exception {
        return rawCall(node, Request.cmd(Command.KEYS).arg(prefix + "*")).size();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void get_afterL1Cleared_hitsL2AndRefillsL1() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        await(cache.put(CacheKind.TRANSLATION, "t1", "k", bytes("v")));
        cache.clearL1();
        assertThat(await(cache.get(CacheKind.TRANSLATION, "t1", "k"))).isEqualTo(bytes("v"));
        assertThat(await(cache.get(CacheKind.TRANSLATION, "t1", "k"))).isEqualTo(bytes("v"));
        assertThat(count(registry, CacheMetrics.HITS, "tier", "l2", "kind", "translation")).isEqualTo(1);
        assertThat(count(registry, CacheMetrics.HITS, "tier", "l1", "kind", "translation")).isEqualTo(1);
    }

    @Test
    void get_onAnotherReplica_seesEntryThroughL2() throws Exception {
        TieredCache a = cache(config(Map.of()));
        TieredCache b = cache(config(Map.of()));
        await(a.put(CacheKind.API_RESPONSE, "t1", "k", bytes("from-a")));
        assertThat(await(b.get(CacheKind.API_RESPONSE, "t1", "k"))).isEqualTo(bytes("from-a"));
        await(b.delete(CacheKind.API_RESPONSE, "t1", "k"));
        a.clearL1();
        assertThat(await(a.get(CacheKind.API_RESPONSE, "t1", "k"))).isNull();
    }

    @Test
    void put_kindTtl_setsRedisExpiryPerKind() throws Exception {
        TieredCache cache = cache(config(Map.of(CacheKind.API_RESPONSE, Duration.ofSeconds(30))));
        await(cache.put(CacheKind.API_RESPONSE, "t1", "k", bytes("v")));
        await(cache.put(CacheKind.TRANSLATION, "t1", "k", bytes("v")));
        assertThat(rawGet(cache, CacheKind.API_RESPONSE, "t1", "k", Command.PTTL).toLong()).isBetween(25_000L, 30_000L);
        assertThat(rawGet(cache, CacheKind.TRANSLATION, "t1", "k", Command.PTTL).toLong())
                .isBetween(Duration.ofHours(2).minusSeconds(5).toMillis(), Duration.ofHours(2).toMillis());
    }

    @Test
    void get_afterShortTtl_missesInBothTiers() throws Exception {
        TieredCache cache = cache(config(Map.of(CacheKind.API_RESPONSE, Duration.ofMillis(400))));
        await(cache.put(CacheKind.API_RESPONSE, "t1", "k", bytes("v")));
        await(cache.put(CacheKind.TRANSLATION, "t1", "k", bytes("long")));
        clock.advance(Duration.ofMillis(500));
        assertThat(cache.l1().get(new L1.Key(CacheKind.API_RESPONSE, "t1", "k"))).isNull();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> await(cache.get(CacheKind.API_RESPONSE, "t1", "k")) == null);
        assertThat(rawGet(cache, CacheKind.API_RESPONSE, "t1", "k", Command.EXISTS).toLong()).isZero();
        cache.clearL1();
        assertThat(await(cache.get(CacheKind.TRANSLATION, "t1", "k"))).isEqualTo(bytes("long"));
    }

    @Test
    void get_l2HitOnOtherReplica_fillsL1WithRemainingTtlOnly() throws Exception {
        CacheConfig config = config(Map.of(CacheKind.TRANSLATION, Duration.ofSeconds(10)));
        TieredCache a = cache(config);
        TieredCache b = cache(config);
        await(a.put(CacheKind.TRANSLATION, "t1", "k", bytes("v")));
        clock.advance(Duration.ofSeconds(6));
        assertThat(await(b.get(CacheKind.TRANSLATION, "t1", "k"))).isEqualTo(bytes("v"));
        L1.Key key = new L1.Key(CacheKind.TRANSLATION, "t1", "k");
        clock.advance(Duration.ofSeconds(3));
        assertThat(b.l1().get(key)).isNotNull();
        clock.advance(Duration.ofSeconds(2));
        assertThat(b.l1().get(key)).isNull();
    }

    @Test
    void mutableKind_writtenOnOneReplica_isWhatEveryOtherReplicaReads() throws Exception {
        TieredCache a = cache(config(Map.of()));
        TieredCache b = cache(config(Map.of()));
        await(a.put(CacheKind.CONVERSATION, "t1", "c", bytes("two turns")));
        assertThat(await(b.get(CacheKind.CONVERSATION, "t1", "c"))).isEqualTo(bytes("two turns"));

        await(a.put(CacheKind.CONVERSATION, "t1", "c", bytes("four turns")));

        assertThat(await(b.get(CacheKind.CONVERSATION, "t1", "c"))).as("not a stale copy from b's L1")
                .isEqualTo(bytes("four turns"));
        assertThat(b.l1().get(new L1.Key(CacheKind.CONVERSATION, "t1", "c"))).isNull();
    }

    @Test
    void get_sameKeyTwoTenants_neverShareValue() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        await(cache.put(CacheKind.CONVERSATION, "t1", "k", bytes("one")));
        await(cache.put(CacheKind.CONVERSATION, "t2", "k", bytes("two")));
        cache.clearL1();
        assertThat(await(cache.get(CacheKind.CONVERSATION, "t1", "k"))).isEqualTo(bytes("one"));
        assertThat(await(cache.get(CacheKind.CONVERSATION, "t2", "k"))).isEqualTo(bytes("two"));
        assertThat(await(cache.get(CacheKind.CONVERSATION, "t3", "k"))).isNull();
    }

    @Test
    void hostileTenants_cannotReadOrPurgeOthers() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        await(cache.put(CacheKind.API_RESPONSE, "t1", "x", bytes("victim")));
        await(cache.put(CacheKind.API_RESPONSE, "a", "b:k", bytes("a's")));
        await(cache.put(CacheKind.API_RESPONSE, "a:b", "k", bytes("a:b's")));
        cache.clearL1();
        // Raw "<kind>:<tenant>:<key>" would make these read t1's entry or a's.
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1:api_response", "x"))).isNull();
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "*", "x"))).isNull();
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "a:b", "k"))).isEqualTo(bytes("a:b's"));
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "a", "b:k"))).isEqualTo(bytes("a's"));

        for (String hostile : List.of("*", "t1:api_response:x", "t1*", "?1", "a")) {
            await(cache.purgeTenant(hostile));
        }
        cache.clearL1();
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "x"))).isEqualTo(bytes("victim"));
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "a:b", "k"))).isEqualTo(bytes("a:b's"));
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "a", "b:k"))).isNull();
    }

    @Test
    void purgeTenant_removesTenantFromAllNodesAndL1Only() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        TieredCache other = cache(config(Map.of()));
        for (int i = 0; i < 40; i++) {
            CacheKind kind = CacheKind.values()[i % CacheKind.values().length];
            await(cache.put(kind, "t1", "k" + i, bytes("t1-" + i)));
            await(cache.put(kind, "t2", "k" + i, bytes("t2-" + i)));
        }
        for (int n = 0; n < 3; n++) {
            assertThat(keysOn(n, prefix)).as("node %d holds keys", n).isPositive();
        }
        assertThat(await(cache.purgeTenant("t1"))).isEqualTo(40);
        for (int i = 0; i < 40; i++) {
            CacheKind kind = CacheKind.values()[i % CacheKind.values().length];
            assertThat(await(cache.get(kind, "t1", "k" + i))).as("own L1 and L2").isNull();
            assertThat(await(other.get(kind, "t1", "k" + i))).as("L2 from another replica").isNull();
            assertThat(await(other.get(kind, "t2", "k" + i))).isEqualTo(bytes("t2-" + i));
        }
        assertThat(keysOn(0, prefix) + keysOn(1, prefix) + keysOn(2, prefix)).isEqualTo(40);
    }

    @Test
    void put_manyKeys_spreadOverAllNodes() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        int n = 600;
        for (int i = 0; i < n; i++) {
            await(cache.put(CacheKind.API_RESPONSE, "t" + (i % 7), "key-" + i, bytes("v")));
        }
        for (int node = 0; node < 3; node++) {
            assertThat(keysOn(node, prefix)).as("node %d", node).isBetween(n / 3 / 2L, n / 3 * 3 / 2L);
        }
        await(((RingL2) cache.l2()).refreshKeyCounts());
        double gauged = 0;
        for (int node = 0; node < 3; node++) {
            gauged += registry.get(CacheMetrics.L2_KEYS).tag("node", Integer.toString(node)).gauge().value();
        }
        assertThat(gauged).isGreaterThanOrEqualTo(n);
    }

    @Test
    void ring_addingANode_movesAboutOneInNPlusOneOfTheKeys() {
        TieredCache cache = cache(config(Map.of()));
        HashRing<RedisNode> ring = ((RingL2) cache.l2()).ring();
        // The same names and virtual nodes as the cache's ring, so the same points, with owners by name.
        Map<String, String> names = new LinkedHashMap<>();
        ring.names().forEach(n -> names.put(n, n));
        HashRing<String> before = HashRing.of(names, ring.virtualNodes());
        HashRing<String> after = before.with("redis://127.0.0.1:1", "redis://127.0.0.1:1");
        int keys = 10_000;
        long moved = 0;
        for (int i = 0; i < keys; i++) {
            String full = cache.keys().full(CacheKind.API_RESPONSE, "t", "key-" + i);
            assertThat(before.nodeAt(HashRing.hash(full))).isEqualTo(RingL2.ringName(urls().get(cache.l2().nodeOf(full))));
            if (!before.node(full).equals(after.node(full))) {
                moved++;
                assertThat(after.node(full)).isEqualTo("redis://127.0.0.1:1");
            }
        }
        double expected = 1.0 / (ring.size() + 1);
        assertThat((double) moved / keys).isBetween(0.6 * expected, 1.4 * expected);
    }

    @Test
    void put_largeValue_isStoredCompressedAndRoundTrips() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 50 * 1024; i++) {
            text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        byte[] large = bytes(text.toString());
        await(cache.put(CacheKind.API_RESPONSE, "t1", "large", large));
        await(cache.put(CacheKind.API_RESPONSE, "t1", "small", new byte[1024]));
        assertThat(rawGet(cache, CacheKind.API_RESPONSE, "t1", "large", Command.STRLEN).toLong())
                .isLessThan(large.length / 2);
        Envelope small = Envelope.decode(rawGet(cache, CacheKind.API_RESPONSE, "t1", "small", Command.GET).toBytes());
        assertThat(small.compressed()).isFalse();
        assertThat(rawGet(cache, CacheKind.API_RESPONSE, "t1", "small", Command.STRLEN).toLong()).isGreaterThan(1024);
        cache.clearL1();
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "large"))).isEqualTo(large);
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "small"))).isEqualTo(new byte[1024]);
    }

    @Test
    void get_corruptValueInRedis_isMissAndDeleted() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        String full = cache.keys().full(CacheKind.TRANSLATION, "t1", "k");
        int node = cache.l2().nodeOf(full);
        rawCall(node, Request.cmd(Command.SET).arg(full).arg("definitely not an envelope"));
        assertThat(await(cache.get(CacheKind.TRANSLATION, "t1", "k"))).isNull();
        assertThat(count(registry, CacheMetrics.L2_CORRUPT)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> rawCall(node, Request.cmd(Command.EXISTS).arg(full)).toLong() == 0);
    }

    @Test
    void get_envelopeOfAnotherKind_isMiss() throws Exception {
        TieredCache cache = cache(config(Map.of()));
        String full = cache.keys().full(CacheKind.TRANSLATION, "t1", "k");
        rawCall(cache.l2().nodeOf(full), Request.cmd(Command.SET).arg(full)
                .arg(Envelope.encode("user_profile", clock.millis(), bytes("v"), 1024)));
        assertThat(await(cache.get(CacheKind.TRANSLATION, "t1", "k"))).isNull();
        assertThat(count(registry, CacheMetrics.L2_CORRUPT)).isEqualTo(1);
    }

    @Test
    void toString_ofConfigWithPassword_hidesIt() {
        CacheConfig c = CacheTestSupport.nodes(List.of("redis://user:s3cret@127.0.0.1:1"), prefix, Map.of(),
                Duration.ofMillis(50), BreakerConfig.defaults());
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThat(RingL2.ringName("redis://user:s3cret@127.0.0.1:1")).isEqualTo("redis://127.0.0.1:1");
    }
}
