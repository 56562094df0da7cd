package dev.switchyard.registry.etcd;

import dev.switchyard.core.config.RegistryConfig.Etcd;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.ServiceRegistry;
import dev.switchyard.registry.cache.InstanceCache;
import dev.switchyard.registry.etcd.EtcdReplies.Event;
import dev.switchyard.registry.etcd.EtcdReplies.KeyValue;
import dev.switchyard.registry.etcd.EtcdReplies.RangeReply;
import dev.switchyard.registry.etcd.EtcdReplies.WatchReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd v3 registry. An instance lives at {@code <prefix>/<role>/<id>} with its JSON as the value, attached
 * to a lease of the configured TTL that this process keeps alive every third of it: a process that dies
 * without deregistering disappears when its lease runs out. Discovery lists the prefix once, then watches it
 * from the next revision; when the watch breaks (etcd restarted, connection lost, history compacted) it
 * lists again and watches anew, backing off from {@code backoff.min} to {@code backoff.max}, so nothing that
 * happened while disconnected is missed. {@link #instances} is served from the cache the watch keeps.
 */
public final class EtcdRegistry implements ServiceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdRegistry.class);

    private final Vertx vertx;
    private final Etcd config;
    private final EtcdClient client;
    private final String root;
    private final InstanceCache cache = new InstanceCache();
    private final Map<String, Instance> known = new HashMap<>();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private HttpClientRequest watching;
    private Duration backoff;
    private long retryTimer = -1;

    public EtcdRegistry(Vertx vertx, Etcd config) {
        this.vertx = vertx;
        this.config = config;
        this.client = new EtcdClient(vertx, config.endpoints(), config.timeout());
        this.root = config.prefix() + "/";
        this.backoff = config.backoffMin();
        discover();
    }

    // ---- registration ----

    @Override
    public Future<Void> register(Instance self) {
        Lease lease = new Lease(self, root + self.role() + "/" + self.id());
        Lease before = leases.put(lease.key, lease);
        if (before != null) {
            before.stop();
        }
        return lease.start();
    }

    @Override
    public Future<Void> deregister(Instance self) {
        String key = root + self.role() + "/" + self.id();
        Lease lease = leases.remove(key);
        if (lease != null) {
            lease.stop();
        }
        Future<Void> deleted = client.delete(key);
        if (lease == null || lease.id == 0) {
            return deleted;
        }
        // A lease etcd no longer has (it expired while we were cut off) is as good as revoked.
        return deleted.compose(v -> client.revoke(lease.id).recover(e -> e instanceof EtcdClient.EtcdException
                ? Future.succeededFuture() : Future.failedFuture(e)));
    }

    /** One registered instance and the lease that keeps it, renewed every third of the TTL. */
    private final class Lease {
        final Instance self;
        final String key;
        volatile long id;
        volatile long timer = -1;
        volatile boolean renewing;

        Lease(Instance self, String key) {
            this.self = self;
            this.key = key;
        }

        Future<Void> start() {
            return grantAndPut().onComplete(ar -> {
                if (ar.failed()) {
                    // Not registered: the caller decides whether to try again; nothing is left to renew.
                    leases.remove(key, this);
                } else if (leases.get(key) == this && !closed) {
                    long every = Math.max(100, config.leaseTtl().toMillis() / 3);
                    timer = vertx.setPeriodic(every, t -> renew());
                }
            });
        }

        private Future<Void> grantAndPut() {
            return client.grant(config.leaseTtl().toSeconds())
                    .compose(g -> {
                        id = g.id();
                        return client.put(key, InstanceJson.encode(self), g.id());
                    });
        }

        /** A keep-alive; a lease etcd no longer has (expired while we were cut off, or etcd lost it) is replaced. */
        private void renew() {
            if (renewing) {
                return;
            }
            renewing = true;
            client.keepAlive(id).compose(reply -> {
                boolean alive = reply.result() != null && reply.result().ttl() > 0;
                if (alive) {
                    return Future.<Void>succeededFuture();
                }
                LOG.info("etcd registry: lease of {} is gone; registering again", key);
                return grantAndPut();
            }).onComplete(ar -> {
                renewing = false;
                if (ar.failed()) {
                    LOG.warn("etcd registry: keeping {} alive failed ({}); retrying", key, ar.cause().toString());
                }
            });
        }

        void stop() {
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
        }
    }

    // ---- discovery ----

    private void discover() {
        if (closed) {
            return;
        }
        client.range(root)
                .compose(range -> {
                    relist(range);
                    return client.watch(root, range.header().revision() + 1, this::onWatch, this::watchEnded);
                })
                .onSuccess(this::watching)
                .onFailure(e -> retryLater("listing " + root + " failed: " + e));
    }

    private synchronized void watching(HttpClientRequest request) {
        watching = request;
        backoff = config.backoffMin();
        if (closed) {
            request.reset();
        }
    }

    private void watchEnded(Throwable cause) {
        retryLater("watch of " + root + " stopped: " + cause.getMessage());
    }

    private synchronized void retryLater(String why) {
        if (closed) {
            return;
        }
        LOG.warn("etcd registry: {}; listing again in {}ms", why, backoff.toMillis());
        watching = null;
        retryTimer = vertx.setTimer(backoff.toMillis(), t -> discover());
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : doubled;
    }

    private synchronized void relist(RangeReply range) {
        Set<String> roles = roles(known.values());
        known.clear();
        for (KeyValue kv : range.kvs()) {
            String key = EtcdClient.unb64(kv.key());
            Instance i = decode(key, kv.value());
            if (i != null) {
                known.put(key, i);
            }
        }
        roles.addAll(roles(known.values()));
        publish(roles);
    }

    /** Events of a watch that goes on; {@link EtcdClient#watch} ends one that cannot (and we list again). */
    private synchronized void onWatch(WatchReply reply) {
        Set<String> roles = new HashSet<>();
        for (Event e : reply.result().events()) {
            String key = EtcdClient.unb64(e.kv().key());
            Instance old = known.remove(key);
            if (old != null) {
                roles.add(old.role());
            }
            Instance now = e.deleted() ? null : decode(key, e.kv().value());
            if (now != null) {
                known.put(key, now);
                roles.add(now.role());
            }
        }
        publish(roles);
    }

    private void publish(Set<String> roles) {
        for (String role : roles) {
            cache.replace(role, known.values().stream().filter(i -> i.role().equals(role)).toList());
        }
    }

    private static Set<String> roles(Iterable<Instance> instances) {
        Set<String> roles = new HashSet<>();
        instances.forEach(i -> roles.add(i.role()));
        return roles;
    }

    /** A value this registry cannot read (another writer, another version) is skipped, not fatal. */
    private static Instance decode(String key, String value) {
        try {
            return InstanceJson.decode(EtcdClient.unb64(value));
        } catch (Exception e) {
            LOG.warn("etcd registry: skipping {}: not an instance ({})", key, e.getMessage());
            return null;
        }
    }

    @Override
    public List<Instance> instances(String role) {
        return cache.instances(role);
    }

    @Override
    public Runnable watch(String role, Consumer<List<Instance>> listener) {
        return cache.watch(role, listener);
    }

    /** Stops watching and renewing without deregistering: the leases expire on their own. */
    @Override
    public Future<Void> close() {
        synchronized (this) {
            closed = true;
            if (retryTimer != -1) {
                vertx.cancelTimer(retryTimer);
            }
            if (watching != null) {
                watching.reset();
            }
        }
        leases.values().forEach(Lease::stop);
        cache.clearWatchers();
        return client.close();
    }
}
