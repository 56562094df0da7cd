package dev.switchyard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpClientConnectionInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopClientsTest {
    Vertx vertx;
    HttpServer server;
    Context loopA;
    Context loopB;
    final AtomicInteger made = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        server = vertx.createHttpServer().requestHandler(r -> r.response().end("ok"))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        // two verticle instances: each has its own context, and contexts take the loops in turn
        List<Context> contexts = new CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                contexts.add(context);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setInstances(2)).await(10, TimeUnit.SECONDS);
        loopA = contexts.get(0);
        loopB = contexts.get(1);
        assertThat(on(loopA, Thread::currentThread)).isNotSameAs(on(loopB, Thread::currentThread));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** One connection per pool at most: whichever loop asks next must take that one or wait for it. */
    private HttpClientAgent oneConnectionClient() {
        made.incrementAndGet();
        return vertx.httpClientBuilder().with(new PoolOptions().setHttp1MaxSize(1)).build();
    }

    @Test
    void current_onTwoEventLoops_eachLoopGetsItsOwnClientEveryTime() throws Exception {
        LoopClients<HttpClientAgent> clients = new LoopClients<>(this::oneConnectionClient);

        HttpClient a1 = on(loopA, clients::current);
        HttpClient b1 = on(loopB, clients::current);

        assertThat(a1).isNotSameAs(b1);
        assertThat(on(loopA, clients::current)).isSameAs(a1);
        assertThat(on(loopB, clients::current)).isSameAs(b1);
        assertThat(made.get()).isEqualTo(3); // the shared one, then one per loop
    }

    @Test
    void current_offTheEventLoops_theSharedClient() {
        LoopClients<HttpClientAgent> clients = new LoopClients<>(this::oneConnectionClient);

        assertThat(clients.current()).isSameAs(clients.all().get(0)).isSameAs(clients.current());
    }

    @Test
    void requests_alternatingBetweenLoops_eachUsesAConnectionOfItsOwnLoop() throws Exception {
        LoopClients<HttpClientAgent> clients = new LoopClients<>(this::oneConnectionClient);

        List<Boolean> onOwnLoop = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Context context = i % 2 == 0 ? loopA : loopB;
            onOwnLoop.add(connectionOnCallersLoop(context, () -> clients.current()));
        }

        assertThat(onOwnLoop).containsOnly(true);
    }

    @Test
    void requests_alternatingBetweenLoopsOnOneSharedClient_borrowAnotherLoopsConnection() throws Exception {
        // What LoopClients is for, and proof the check above can fail: Vert.x lends any loop's connection.
        HttpClientAgent shared = oneConnectionClient();

        List<Boolean> onOwnLoop = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Context context = i % 2 == 0 ? loopA : loopB;
            onOwnLoop.add(connectionOnCallersLoop(context, () -> shared));
        }

        assertThat(onOwnLoop).contains(false);
    }

    @Test
    void close_closesEveryClient_laterCallsGetTheClosedSharedClientAndFail() throws Exception {
        LoopClients<HttpClientAgent> clients = new LoopClients<>(this::oneConnectionClient);
        on(loopA, clients::current);

        clients.close().await(10, TimeUnit.SECONDS);

        HttpClient after = on(loopB, clients::current);
        assertThat(after).isSameAs(clients.all().get(0));
        assertThat(made.get()).isEqualTo(2);
        assertThatThrownBy(() -> after.request(new RequestOptions().setMethod(HttpMethod.GET)
                .setHost("127.0.0.1").setPort(server.actualPort()).setURI("/")).await(10, TimeUnit.SECONDS))
                .hasMessageContaining("closed");
    }

    /** Sends one request from {@code context}; true when its connection's I/O runs on that context's loop. */
    private boolean connectionOnCallersLoop(Context context, Callable<HttpClient> client) throws Exception {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                client.call().request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                        .setPort(server.actualPort()).setURI("/")).onComplete(ar -> {
                    if (ar.failed()) {
                        result.completeExceptionally(ar.cause());
                        return;
                    }
                    HttpClientRequest req = ar.result();
                    boolean own = ((HttpClientConnectionInternal) req.connection()).channelHandlerContext().channel()
                            .eventLoop().inEventLoop();
                    req.send().compose(r -> r.body()).onComplete(done -> result.complete(own));
                });
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    private static <T> T on(Context context, Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
