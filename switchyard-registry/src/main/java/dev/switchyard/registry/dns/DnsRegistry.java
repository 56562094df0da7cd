package dev.switchyard.registry.dns;

import dev.switchyard.core.config.RegistryConfig.Dns;
import dev.switchyard.core.config.RegistryConfig.RecordType;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.ServiceRegistry;
import dev.switchyard.registry.cache.InstanceCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import io.vertx.core.dns.SrvRecord;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery by DNS: each role's name is re-resolved every period and watchers hear only of changes. With SRV
 * records (the default) each record gives an instance's host, port and weight; with A records each address
 * is an instance on the configured port.
 *
 * <p>This covers the usual platforms without a client for each: a Kubernetes headless Service (SRV
 * {@code _port._tcp.svc.ns.svc.cluster.local}, or A {@code svc.ns.svc.cluster.local}), docker-compose service
 * names (A records from the embedded DNS, one per replica) and Consul's DNS interface
 * ({@code role.service.consul}, SRV or A). Registration belongs to the platform, so register and deregister
 * succeed without doing anything.
 *
 * <p>A name that does not exist (NXDOMAIN) means no instances once it has not existed for {@link #NOT_FOUND_PERIODS}
 * periods in a row; any other failure (timeout, refused) keeps the last known list, because a resolver hiccup
 * must not empty a role that is still running. A lone NXDOMAIN can be such a hiccup: a container's resolv.conf
 * lists the host's name server after the network's, and for a moment a service name can reach the host's,
 * which knows no such name. Instances that really left are taken out of rotation by their health checks first.
 */
public final class DnsRegistry implements ServiceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DnsRegistry.class);
    /** How many periods a known name must be missing before its role is emptied. */
    static final int NOT_FOUND_PERIODS = 2;

    private final Dns config;
    private final Clock clock;
    private final DnsClient dns;
    private final Vertx vertx;
    private final InstanceCache cache = new InstanceCache();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Per role, when its name was first found missing since it last resolved (the clock's millis). */
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();
    private final long timer;

    public DnsRegistry(Vertx vertx, Dns config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        DnsClientOptions options = new DnsClientOptions().setQueryTimeout(config.timeout().toMillis());
        if (config.resolverHost() != null) {
            options.setHost(config.resolverHost()).setPort(config.resolverPort());
        }
        this.dns = vertx.createDnsClient(options);
        refresh();
        this.timer = vertx.setPeriodic(config.period().toMillis(), id -> refresh());
    }

    /** Resolves every role's name now; completes when all answered (or failed, keeping their last list). */
    public Future<Void> refresh() {
        List<Future<Void>> rounds = new ArrayList<>();
        config.names().forEach((role, name) -> rounds.add(resolve(role, name)));
        return Future.join(rounds).mapEmpty();
    }

    private Future<Void> resolve(String role, String name) {
        if (!inFlight.add(role)) {
            return Future.succeededFuture();
        }
        Future<List<Found>> found = config.record() == RecordType.SRV ? srv(name) : a(name);
        return found.transform(ar -> {
            inFlight.remove(role);
            if (ar.succeeded()) {
                missingSince.remove(role);
                cache.replace(role, instances(role, ar.result()));
            } else if (notFound(ar.cause())) {
                notFound(role, name);
            } else {
                LOG.warn("dns registry: resolving {} for role {} failed ({}); keeping the last {} instances", name,
                        role, ar.cause().toString(), cache.instances(role).size());
            }
            return Future.<Void>succeededFuture();
        });
    }

    /**
     * SRV records, each target then resolved by the same server: the resolver that knows the role's name
     * knows its targets (a Consul agent, a test's dnsmasq), which the system's resolver may not. A target
     * it has no address for keeps its name, for the system's resolver to try.
     */
    private Future<List<Found>> srv(String name) {
        return dns.resolveSRV(name).compose(records -> {
            List<Future<Found>> all = records.stream().map(this::found).toList();
            return Future.all(all).map(done -> all.stream().map(Future::result).toList());
        });
    }

    private Future<Found> found(SrvRecord r) {
        String host = r.target().endsWith(".") ? r.target().substring(0, r.target().length() - 1) : r.target();
        Map<String, String> metadata = Map.of("dns.srv.priority", Integer.toString(r.priority()));
        return dns.resolveA(host).map(ips -> ips.isEmpty() ? host : ips.get(0)).otherwise(host)
                .map(address -> new Found(host, address, r.port(), r.weight(), metadata));
    }

    private Future<List<Found>> a(String name) {
        return dns.resolveA(name).map(ips -> ips.stream().map(ip -> new Found(ip, ip, config.port(), 1, Map.of()))
                .toList());
    }

    /** The role's name does not exist: its instances go once it has been missing long enough. */
    private void notFound(String role, String name) {
        List<Instance> known = cache.instances(role);
        if (known.isEmpty()) {
            return;
        }
        long now = clock.millis();
        Long since = missingSince.putIfAbsent(role, now);
        if (since == null) {
            LOG.warn("dns registry: {} for role {} not found; keeping its {} instances unless it stays missing",
                    name, role, known.size());
        } else if (now - since >= config.period().toMillis() * NOT_FOUND_PERIODS) {
            LOG.info("dns registry: {} for role {} missing for {} ms; its {} instances are gone", name, role,
                    now - since, known.size());
            missingSince.remove(role);
            cache.replace(role, List.of());
        }
    }

    private static boolean notFound(Throwable e) {
        return e instanceof DnsException d && d.code() == DnsResponseCode.NXDOMAIN;
    }

    /** Keeps the first-seen time of an instance already known, so an unchanged answer compares equal. */
    private List<Instance> instances(String role, List<Found> found) {
        Map<String, Instance> before = new HashMap<>();
        cache.instances(role).forEach(i -> before.put(i.id(), i));
        List<Instance> out = new ArrayList<>();
        for (Found f : found) {
            String id = f.host() + ":" + f.port();
            Instance old = before.get(id);
            URI address = URI.create(config.scheme() + "://" + hostPart(f.address()) + ":" + f.port());
            out.add(new Instance(role, id, address, "", "", f.weight(), f.metadata(),
                    old == null ? clock.instant() : old.registeredAt()));
        }
        return out;
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** One answer record, before it becomes an instance: {@code host} names it, {@code address} is where it is reached. */
    private record Found(String host, String address, int port, int weight, Map<String, String> metadata) {}

    @Override
    public Future<Void> register(Instance self) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> deregister(Instance self) {
        return Future.succeededFuture();
    }

    @Override
    public List<Instance> instances(String role) {
        return cache.instances(role);
    }

    @Override
    public Runnable watch(String role, Consumer<List<Instance>> listener) {
        return cache.watch(role, listener);
    }

    @Override
    public Future<Void> close() {
        vertx.cancelTimer(timer);
        cache.clearWatchers();
        return dns.close();
    }
}
