package dev.switchyard.cache.tiered;

import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.ring.HashRing;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Independent Redis nodes, a key on the node the consistent hash ring gives it. The ring is built from the
 * node URLs without their credentials, so every replica agrees on placement and rotating a password
 * moves no key. Nodes never exchange data: a node that is down makes its share of keys misses.
 */
final class RingL2 implements L2 {
    static final long KEY_COUNT_PERIOD_MILLIS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(RingL2.class);
    private static final int SCAN_COUNT = 1000;

    private final Vertx vertx;
    private final List<RedisNode> nodes = new ArrayList<>();
    private final HashRing<RedisNode> ring;
    private final List<AtomicLong> keyCounts = new ArrayList<>();
    private final long purgeTimeoutMillis;
    private final long timerId;

    RingL2(Vertx vertx, CacheConfig config, Clock clock, Meters meters) {
        this.vertx = vertx;
        long timeout = config.timeout().toMillis();
        this.purgeTimeoutMillis = Math.max(timeout, 1000);
        Map<String, RedisNode> byName = new LinkedHashMap<>();
        for (String url : config.redisNodes()) {
            int index = nodes.size();
            RedisNode node = new RedisNode(index, RedisNode.client(vertx, new RedisOptions().setConnectionString(url),
                    timeout), config.breaker(), clock, timeout, meters);
            nodes.add(node);
            if (byName.put(ringName(url), node) != null) {
                throw new IllegalArgumentException("cache node " + index + " is listed twice");
            }
            AtomicLong count = new AtomicLong();
            keyCounts.add(count);
            Gauge.builder(CacheMetrics.L2_KEYS, count, AtomicLong::get).tag(CacheMetrics.NODE, Integer.toString(index))
                    .register(meters.registry());
        }
        this.ring = HashRing.of(byName, Math.max(1, config.virtualNodes()));
        refreshKeyCounts();
        this.timerId = vertx.setPeriodic(KEY_COUNT_PERIOD_MILLIS, id -> refreshKeyCounts());
    }

    /** The name a node has on the ring: its URL without user and password. */
    static String ringName(String url) {
        return url.replaceAll("//[^@/]*@", "//");
    }

    @Override
    public List<RedisNode> endpoints() {
        return List.copyOf(nodes);
    }

    @Override
    public Future<byte[]> get(String key) {
        return ring.node(key).send(Request.cmd(Command.GET).arg(key)).map(r -> r == null ? null : r.toBytes());
    }

    @Override
    public Future<Void> set(String key, byte[] value, long ttlMillis) {
        return ring.node(key).send(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis)).mapEmpty();
    }

    @Override
    public Future<Void> delete(String key) {
        return ring.node(key).send(Request.cmd(Command.UNLINK).arg(key)).mapEmpty();
    }

    @Override
    public Future<Long> purge(String pattern) {
        List<Future<Long>> perNode = new ArrayList<>();
        for (RedisNode node : nodes) {
            AtomicLong removed = new AtomicLong();
            perNode.add(scan(node, pattern, "0", removed).map(v -> removed.get()).recover(e -> {
                log.warn("cache purge incomplete on node {}: {}", node.index, e.getClass().getSimpleName());
                return Future.succeededFuture(removed.get());
            }));
        }
        return Future.all(perNode).map(all -> perNode.stream().mapToLong(Future::result).sum());
    }

    /** One SCAN page, UNLINK of what it found, then the next page until the cursor is back at 0. */
    private Future<Void> scan(RedisNode node, String pattern, String cursor, AtomicLong removed) {
        Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(SCAN_COUNT);
        return node.send(scan, purgeTimeoutMillis).compose(page -> {
            String next = page.get(0).toString();
            Response found = page.get(1);
            Future<Void> unlinked = found.size() == 0 ? Future.succeededFuture() : unlink(node, found, removed);
            return unlinked.compose(v -> "0".equals(next) ? Future.succeededFuture() : scan(node, pattern, next, removed));
        });
    }

    private Future<Void> unlink(RedisNode node, Response keys, AtomicLong removed) {
        Request unlink = Request.cmd(Command.UNLINK);
        for (Response k : keys) {
            unlink.arg(k.toBytes());
        }
        return node.send(unlink, purgeTimeoutMillis).map(n -> {
            removed.addAndGet(n.toLong());
            return null;
        });
    }

    /** DBSIZE of every node into the gauges; a node that does not answer keeps its last count. */
    Future<Void> refreshKeyCounts() {
        List<Future<Void>> all = new ArrayList<>();
        for (RedisNode node : nodes) {
            all.add(node.send(Request.cmd(Command.DBSIZE)).<Void>map(r -> {
                keyCounts.get(node.index).set(r.toLong());
                return null;
            }).otherwiseEmpty());
        }
        return Future.all(all).mapEmpty();
    }

    @Override
    public int nodeOf(String key) {
        return ring.node(key).index;
    }

    RedisNode node(int index) {
        return nodes.get(index);
    }

    HashRing<RedisNode> ring() {
        return ring;
    }

    @Override
    public Future<Void> close() {
        vertx.cancelTimer(timerId);
        return Future.join(nodes.stream().map(RedisNode::close).toList()).mapEmpty();
    }
}
