package dev.switchyard.auth.filters;

import dev.switchyard.auth.keys.KeyEvents;
import dev.switchyard.core.config.FiltersConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every replica's content filter policies fresh, the way keys are: a change made through this replica
 * is applied here at once and announced on {@link KeyEvents} (event {@code "filters"}), a replica hearing it
 * reloads, and a periodic reload catches a lost message. The tables are small: a reload reads them whole.
 */
public final class FilterRefresh implements AutoCloseable {
    static final String EVENT = "filters";
    private static final Logger LOG = LoggerFactory.getLogger(FilterRefresh.class);

    private final Vertx vertx;
    private final JdbcFilterStore store;
    private final KeyEvents events;
    private final Consumer<FiltersConfig> apply;
    private long timer = -1;

    private FilterRefresh(Vertx vertx, JdbcFilterStore store, KeyEvents events, Consumer<FiltersConfig> apply) {
        this.vertx = vertx;
        this.store = store;
        this.events = events;
        this.apply = apply;
    }

    /** Loads the stored policies (blocking: call off the event loop), then keeps them fresh. */
    public static FilterRefresh start(Vertx vertx, JdbcFilterStore store, KeyEvents events,
            Consumer<FiltersConfig> apply, Duration every) {
        FilterRefresh refresh = new FilterRefresh(vertx, store, events, apply);
        refresh.reloadBlocking();
        events.subscribe(event -> {
            if (EVENT.equals(event)) {
                refresh.refresh();
            }
        });
        refresh.timer = vertx.setPeriodic(every.toMillis(), id -> refresh.refresh());
        return refresh;
    }

    /** A change made through this replica (blocking): applied here now, then announced to the others. */
    public void changed() {
        reloadBlocking();
        events.publish(EVENT);
    }

    /** One reload on a worker thread (tests run one instead of waiting for the timer). */
    public Future<Void> refresh() {
        return vertx.<Void>executeBlocking(() -> {
            reloadBlocking();
            return null;
        }, false).onFailure(e -> LOG.warn("filter policy refresh failed ({}); serving the policies already loaded",
                e.toString()));
    }

    private synchronized void reloadBlocking() {
        apply.accept(store.load());
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
