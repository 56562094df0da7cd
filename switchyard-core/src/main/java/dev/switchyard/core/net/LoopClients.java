package dev.switchyard.core.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One HTTP client per event loop, made on that loop's first call; callers on no event loop share one.
 *
 * <p>Why: a connection's I/O stays on the loop that opened it, and Vert.x's pool lends an idle
 * connection to whichever loop asks. A request served on loop A that borrows a connection of loop B
 * pays a task handoff, and on a quiet loop an eventfd wakeup, for the lease, the request head, the
 * response head and its body: measured on the gateway at a fixed 4,000 req/s, that was the largest
 * cost the chain of steps added (the kernel's share of a request grew by 14 µs). With a client per
 * loop, every connection a loop borrows is its own.
 *
 * <p>Concurrency: the map is written once per loop thread; the lookup is a read of a concurrent map.
 * Limits that must hold across loops (a deployment's requests in flight) are kept by the caller, not
 * by the pools, which are per loop.
 */
public final class LoopClients<C extends HttpClient> {
    private final Supplier<C> factory;
    private final C shared;
    private final Map<Thread, C> byLoop = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code factory} makes one client (the same options each time); one is made now, for callers off the loops. */
    public LoopClients(Supplier<C> factory) {
        this.factory = factory;
        this.shared = factory.get();
    }

    /** The client of the calling thread's event loop; the shared one off the loops or once closed. */
    public C current() {
        Context context = Vertx.currentContext();
        if (closed || context == null || !context.isEventLoopContext()) {
            return shared;
        }
        Thread loop = Thread.currentThread();
        C client = byLoop.get(loop);
        return client != null ? client : byLoop.computeIfAbsent(loop, t -> factory.get());
    }

    /** Every client made so far, the shared one first. */
    public List<C> all() {
        List<C> all = new ArrayList<>(byLoop.size() + 1);
        all.add(shared);
        all.addAll(byLoop.values());
        return all;
    }

    /** Closes every client; later calls get the (closed) shared client, so they fail rather than open a new pool. */
    public Future<Void> close() {
        closed = true;
        List<Future<Void>> closing = new ArrayList<>();
        for (C client : all()) {
            closing.add(client.close());
        }
        return Future.join(closing).mapEmpty();
    }
}
