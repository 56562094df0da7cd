package dev.switchyard.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's Vert.x: one context per event loop, and requests handed to them in turn, so that the
 * pacing thread never does I/O and the work spreads over the loops. Each request, its connection and
 * its callbacks stay on the loop it was handed to.
 */
final class Loops implements AutoCloseable {
    private final Vertx vertx;
    private final List<Context> contexts;
    private final AtomicInteger next = new AtomicInteger();

    private Loops(Vertx vertx, List<Context> contexts) {
        this.vertx = vertx;
        this.contexts = contexts;
    }

    static Loops start(int loops) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true)
                .setBlockedThreadCheckInterval(10_000));
        List<Context> contexts = new CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                contexts.add(context);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
        return new Loops(vertx, List.copyOf(contexts));
    }

    /** An HTTP/1.1 client: up to {@code connections} connections, requests beyond wait in an unbounded queue. */
    HttpClientAgent client(int connections, boolean keepAlive) {
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(keepAlive).setTcpNoDelay(true).setPipelining(false)
                        .setDecompressionSupported(false))
                .with(new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1))
                .build();
    }

    /** Runs the task on the next event loop in turn. */
    void execute(Runnable task) {
        contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size())).runOnContext(v -> task.run());
    }

    Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
