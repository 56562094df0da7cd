package dev.switchyard.cache.tiered;

import dev.switchyard.core.config.CacheConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis Cluster: the Vert.x cluster client routes each key to its slot's master and follows
 * resharding. One breaker guards the whole cluster (the client, not this class, knows which master holds
 * a slot), so it opens only when the cluster as a whole keeps failing.
 *
 * <p>Purge asks every master for KEYS of the tenant's pattern, then UNLINKs each key through the router
 * (one key per call: a tenant's keys span slots). KEYS walks a master's whole keyspace in one go; fine
 * for the rare purge of a cache-sized keyspace, but a SCAN per master would be kinder to huge ones.
 */
final class ClusterL2 implements L2 {
    private final RedisNode cluster;
    private final long purgeTimeoutMillis;

    ClusterL2(Vertx vertx, CacheConfig config, Clock clock, Meters meters) {
        long timeout = config.timeout().toMillis();
        this.purgeTimeoutMillis = Math.max(timeout, 1000);
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
        config.redisCluster().forEach(options::addConnectionString);
        this.cluster = new RedisNode(0, RedisNode.client(vertx, options, timeout), config.breaker(), clock, timeout, meters);
    }

    @Override
    public java.util.List<RedisNode> endpoints() {
        return java.util.List.of(cluster);
    }

    @Override
    public Future<byte[]> get(String key) {
        return cluster.send(Request.cmd(Command.GET).arg(key)).map(r -> r == null ? null : r.toBytes());
    }

    @Override
    public Future<Void> set(String key, byte[] value, long ttlMillis) {
        return cluster.send(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis)).mapEmpty();
    }

    @Override
    public Future<Void> delete(String key) {
        return cluster.send(Request.cmd(Command.UNLINK).arg(key)).mapEmpty();
    }

    @Override
    public Future<Long> purge(String pattern) {
        RedisCluster masters = RedisCluster.create(cluster.redis());
        return cluster.call(() -> masters.onAllMasterNodes(Request.cmd(Command.KEYS).arg(pattern)), purgeTimeoutMillis)
                .compose(perMaster -> {
                    List<Future<Long>> unlinked = new ArrayList<>();
                    for (Response keys : perMaster) {
                        for (Response k : keys) {
                            unlinked.add(cluster.send(Request.cmd(Command.UNLINK).arg(k.toBytes()), purgeTimeoutMillis)
                                    .map(Response::toLong).otherwise(0L));
                        }
                    }
                    return Future.all(unlinked).map(all -> unlinked.stream().mapToLong(Future::result).sum());
                }).otherwise(0L);
    }

    @Override
    public int nodeOf(String key) {
        return -1;
    }

    @Override
    public Future<Void> close() {
        return cluster.close();
    }
}
