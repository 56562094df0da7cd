package dev.switchyard.cache.tiered;

import dev.switchyard.testkit.RedisServer;
import dev.switchyard.testkit.MutableClock;
import static dev.switchyard.cache.tiered.CacheTestSupport.await;
import static dev.switchyard.cache.tiered.CacheTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.cache.CacheKind;
import dev.switchyard.core.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nodes that die, come back or stall: misses and dropped writes, never a failed future. */
class TieredCacheOutageTest {
    private static final Duration TIMEOUT = Duration.ofMillis(250);
    /** Long: the breakers run on {@link #clock}, which the test moves; no real wait could half-open one. */
    private static final Duration OPEN = Duration.ofHours(1);

    private final List<RedisServer> servers = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private Vertx vertx;
    private TieredCache cache;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        for (int i = 0; i < 3; i++) {
            servers.add(new RedisServer().start());
        }
        cache = TieredCache.start(vertx, CacheTestSupport.nodes(servers.stream().map(RedisServer::url).toList(),
                CacheTestSupport.uniquePrefix(), Map.of(), TIMEOUT, new BreakerConfig(3, OPEN, 1)), clock, registry);
    }

    @AfterEach
    void stop() throws Exception {
        cache.close();
        for (RedisServer r : servers) {
            r.close();
        }
        await(vertx.close());
    }

    /** Keys by the node they live on. */
    private List<List<String>> keysByNode(int perNode) {
        List<List<String>> byNode = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; byNode.stream().anyMatch(l -> l.size() < perNode); i++) {
            String key = "key-" + i;
            List<String> mine = byNode.get(cache.l2().nodeOf(cache.keys().full(CacheKind.API_RESPONSE, "t1", key)));
            if (mine.size() < perNode) {
                mine.add(key);
            }
        }
        return byNode;
    }

    private double errors(int node) {
        return count(registry, CacheMetrics.L2_ERRORS, "node", Integer.toString(node));
    }

    private double shortCircuited(int node) {
        return count(registry, CacheMetrics.L2_SHORT_CIRCUITED, "node", Integer.toString(node));
    }

    private CircuitBreaker.State breaker(int node) {
        return ((RingL2) cache.l2()).node(node).state();
    }

    @Test
    void killedNode_missesAndDropsWithoutFailing_breakerOpens_thenNodeUsedAgainAfterRestart() throws Exception {
        List<List<String>> keys = keysByNode(10);
        for (List<String> node : keys) {
            for (String k : node) {
                await(cache.put(CacheKind.API_RESPONSE, "t1", k, new byte[] {1}));
            }
        }
        // The first DBSIZE may time out on a cold JVM: count from here.
        double errorsBefore = errors(1);
        servers.get(1).kill();
        cache.clearL1();

        List<String> twice = new ArrayList<>(keys.get(1));
        twice.addAll(keys.get(1));
        for (String k : twice) {
            Future<byte[]> f = cache.get(CacheKind.API_RESPONSE, "t1", k);
            assertThat(await(f)).isNull();
            assertThat(f.succeeded()).isTrue();
        }
        assertThat(breaker(1)).isEqualTo(CircuitBreaker.State.OPEN);
        double errorsWhenOpen = errors(1);
        // The window holds the 10 puts that succeeded and the first DBSIZE (the clock does not move, so
        // nothing leaves it): it opens when failures reach 60%, at the 14th when that DBSIZE failed, the
        // 15th when it is not answered yet, the 17th when it succeeded.
        int failedCalls = (int) (errorsWhenOpen - errorsBefore);
        assertThat(failedCalls).isIn(14, 15, 17);
        assertThat(shortCircuited(1)).isEqualTo(twice.size() - failedCalls);

        // Open: no more calls reach the node, puts are dropped and counted, the other nodes still hit.
        long start = System.nanoTime();
        for (String k : keys.get(1)) {
            assertThat(await(cache.put(CacheKind.API_RESPONSE, "t1", k, new byte[] {2}))).isNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        assertThat(errors(1)).isEqualTo(errorsWhenOpen);
        assertThat(count(registry, CacheMetrics.L2_DROPPED, "op", "put", "node", "1")).isEqualTo(keys.get(1).size());
        cache.clearL1();
        for (int node : List.of(0, 2)) {
            for (String k : keys.get(node)) {
                assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", k))).containsExactly(1);
            }
        }

        servers.get(1).start();
        String k = keys.get(1).get(0);
        assertThat(await(cache.put(CacheKind.API_RESPONSE, "t1", k, new byte[] {3}))).isNull();
        assertThat(breaker(1)).isEqualTo(CircuitBreaker.State.OPEN); // not a moment of its hour has passed
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            // Past the open duration: the next call is the half-open trial. One that meets a connection the
            // kill broke opens it again, so each try moves the clock on.
            clock.advance(OPEN.plusSeconds(1));
            await(cache.put(CacheKind.API_RESPONSE, "t1", k, new byte[] {3}));
            cache.clearL1();
            assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", k))).containsExactly(3);
        });
        assertThat(breaker(1)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(servers.get(1).cli("DBSIZE")).isEqualTo("1");
    }

    @Test
    void killedNode_deleteAndPurge_completeWithoutFailing() throws Exception {
        await(cache.put(CacheKind.TRANSLATION, "t1", "k", new byte[] {1}));
        servers.get(cache.l2().nodeOf(cache.keys().full(CacheKind.TRANSLATION, "t1", "k"))).kill();
        Future<Void> deleted = cache.delete(CacheKind.TRANSLATION, "t1", "k");
        assertThat(await(deleted)).isNull();
        assertThat(await(cache.purgeTenant("t1"))).isZero();
        assertThat(registry.find(CacheMetrics.L2_DROPPED).tag("op", "delete").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(1);
    }

    @Test
    void slowNode_getMissesWithinAboutTheTimeout() throws Exception {
        List<List<String>> keys = keysByNode(1);
        String k = keys.get(2).get(0);
        await(cache.put(CacheKind.API_RESPONSE, "t1", k, new byte[] {1}));
        cache.clearL1();
        double errorsBefore = errors(2);
        servers.get(2).pause(3000);
        long start = System.nanoTime();
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", k))).isNull();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plusMillis(400));
        assertThat(errors(2) - errorsBefore).isEqualTo(1);
        // Another node is not held up by the stalled one.
        String other = keys.get(0).get(0);
        await(cache.put(CacheKind.API_RESPONSE, "t1", other, new byte[] {2}));
        cache.clearL1();
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", other))).containsExactly(2);
    }
}
