package dev.switchyard.cluster.filter;

import dev.switchyard.cluster.Fallbacks;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.filter.ContentPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContentFilter} over the filter role's policy set: the set is fetched at start and every period,
 * compiled here (off the event loop, only when it changed) and swapped in whole, so {@link #policyFor}
 * stays an in-memory lookup on the request path. A fetch or a compilation that fails keeps the last good
 * set, counted in {@link dev.switchyard.cluster.ClusterMetrics#FALLBACKS}.
 *
 * <p>Until the first set has arrived nothing is filtered: await {@link #refresh} at start (and check
 * {@link #loaded}) where that matters. Concurrency: refreshes may overlap (the timer and a caller); each
 * is numbered when sent and a set is only installed over an older one, so a slow answer never replaces
 * a newer set.
 */
public final class RemoteContentFilter implements ContentFilter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteContentFilter.class);

    private final Vertx vertx;
    private final RoleClient client;
    private final Function<FiltersConfig, ContentFilter> build;
    private final Fallbacks fallbacks;
    private final AtomicLong sent = new AtomicLong();
    private final long timer;
    private volatile Installed installed = new Installed(0, null, ContentFilter.ALLOW_ALL);
    private volatile boolean failing;

    private record Installed(long number, FiltersConfig set, ContentFilter filter) {}

    /**
     * @param build compiles a set into a filter; it may throw to refuse the set (for the filter module's
     *              engine: {@code PolicyFilterService::new})
     * @param every how often the set is fetched again
     */
    public RemoteContentFilter(Vertx vertx, RoleClient client, Function<FiltersConfig, ContentFilter> build,
            Duration every, MeterRegistry meters) {
        this.vertx = vertx;
        this.client = client;
        this.build = build;
        this.fallbacks = new Fallbacks(meters, FilterWire.ROLE);
        this.timer = vertx.setPeriodic(every.toMillis(), id -> refresh());
    }

    @Override
    public ContentPolicy policyFor(String tenantId, String keyId) {
        return installed.filter().policyFor(tenantId, keyId);
    }

    /** Whether a set has been fetched and installed at least once. */
    public boolean loaded() {
        return installed.set() != null;
    }

    /** Fetches the set now; completes (never fails) once it is installed, unchanged, or given up. */
    public Future<Void> refresh() {
        long number = sent.incrementAndGet();
        Future<FiltersConfig> fetched;
        try {
            fetched = client.call(FilterWire.POLICIES, Map.of(), FiltersConfig.class, true, "");
        } catch (RuntimeException e) {
            fetched = Future.failedFuture(e);
        }
        return fetched.compose(set -> install(number, set)).transform(ar -> {
            if (ar.failed()) {
                fallbacks.count(FilterWire.POLICIES);
                if (!failing) {
                    failing = true;
                    LOG.warn("content filter policies could not be refreshed from the filter role ({});"
                            + " serving the last good set", ar.cause().toString());
                }
            } else if (failing) {
                failing = false;
                LOG.info("content filter policies refreshed from the filter role again");
            }
            return Future.<Void>succeededFuture();
        });
    }

    private Future<Void> install(long number, FiltersConfig set) {
        if (set == null) {
            return Future.failedFuture(new IllegalStateException("the filter role answered no policy set"));
        }
        if (set.equals(installed.set())) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> build.apply(set), false).compose(filter -> {
            if (filter == null) {
                return Future.failedFuture(new IllegalStateException("the policy set built no filter"));
            }
            swap(new Installed(number, set, filter));
            return Future.succeededFuture();
        });
    }

    private synchronized void swap(Installed next) {
        if (next.number() > installed.number()) {
            installed = next;
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
