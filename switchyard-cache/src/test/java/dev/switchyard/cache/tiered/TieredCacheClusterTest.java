package dev.switchyard.cache.tiered;

import dev.switchyard.testkit.RedisServer;
import dev.switchyard.testkit.MutableClock;
import static dev.switchyard.cache.tiered.CacheTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.cache.CacheKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A three-master Redis Cluster of the test's own, made with redis-cli --cluster create. */
class TieredCacheClusterTest {
    @TempDir
    static Path dir;
    private static final List<RedisServer> masters = new ArrayList<>();
    private static Vertx vertx;

    @BeforeAll
    static void startCluster() throws Exception {
        vertx = Vertx.vertx();
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int i = 0; i < 3; i++) {
            RedisServer r = RedisServer.clusterNode(Files.createDirectories(dir.resolve("n" + i))).start();
            masters.add(r);
            create.add("127.0.0.1:" + r.port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        assertThat(RedisServer.run(create)).contains("All 16384 slots covered");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (RedisServer m : masters) {
                if (!m.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                    return false;
                }
            }
            return true;
        });
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (RedisServer r : masters) {
            r.close();
        }
        await(vertx.close());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cluster_roundTripAcrossReplicasAndPurge_work() throws Exception {
        String prefix = CacheTestSupport.uniquePrefix();
        var config = CacheTestSupport.cluster(List.of(masters.get(0).url()), prefix);
        try (TieredCache a = TieredCache.start(vertx, config, new MutableClock(), new SimpleMeterRegistry());
                TieredCache b = TieredCache.start(vertx, config, new MutableClock(), new SimpleMeterRegistry())) {
            int n = 60;
            for (int i = 0; i < n; i++) {
                await(a.put(CacheKind.API_RESPONSE, "t1", "k" + i, bytes("v" + i)));
                await(a.put(CacheKind.API_RESPONSE, "t2", "k" + i, bytes("w" + i)));
            }
            for (int i = 0; i < n; i++) {
                assertThat(await(b.get(CacheKind.API_RESPONSE, "t1", "k" + i))).isEqualTo(bytes("v" + i));
            }
            for (RedisServer m : masters) {
                assertThat(Long.parseLong(m.cli("DBSIZE"))).as("every master holds some keys").isPositive();
            }
            assertThat(await(a.purgeTenant("t1"))).isEqualTo(n);
            b.clearL1();
            for (int i = 0; i < n; i++) {
                assertThat(await(b.get(CacheKind.API_RESPONSE, "t1", "k" + i))).isNull();
                assertThat(await(b.get(CacheKind.API_RESPONSE, "t2", "k" + i))).isEqualTo(bytes("w" + i));
            }
        }
    }
}
