package dev.switchyard.claude;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayedBodyTest {
    static final List<String> CHUNKS = List.of("one,", "two,", "three,", "four,", "five");

    Vertx vertx;
    HttpServer server;
    HttpClient client;
    /** Calls of resume or fetch on the HTTP response: each queues a task on the event loop. */
    final AtomicInteger resumes = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(r -> {
            HttpServerResponse response = r.response();
            switch (r.path()) {
                case "/empty" -> response.end();
                case "/chunks" -> writeChunks(response.setChunked(true), 0);
                default -> response.end("hello");
            }
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** One chunk every 5 ms, so that they arrive as separate reads. */
    private void writeChunks(HttpServerResponse response, int i) {
        if (i == CHUNKS.size()) {
            response.end();
            return;
        }
        response.write(CHUNKS.get(i));
        vertx.setTimer(5, t -> writeChunks(response, i + 1));
    }

    /** The body of a GET of {@code path}, made in the head's callback; {@code then} runs there too. */
    private <T> T get(String path, Function<Body, Future<T>> then) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(server.actualPort()).setURI(path);
        return client.request(options).compose(request -> request.send())
                .compose(response -> then.apply(new Body(vertx, counting(response))))
                .await(10, TimeUnit.SECONDS);
    }

    private <T> Future<T> later(long millis, Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        vertx.setTimer(millis, t -> action.get().onComplete(promise));
        return promise.future();
    }

    /** The response, counting resume and fetch. */
    private HttpClientResponse counting(HttpClientResponse real) {
        return (HttpClientResponse) Proxy.newProxyInstance(HttpClientResponse.class.getClassLoader(),
                new Class<?>[] {HttpClientResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("resume") || method.getName().equals("fetch")) {
                        resumes.incrementAndGet();
                    }
                    try {
                        Object result = method.invoke(real, args);
                        return result == real ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Regression: every response was resumed, a task that held the exchange until the loop ran it. */
    @Test
    void fullBody_askedForInTheHeadCallback_neverResumesTheResponse() throws Exception {
        String body = get("/", b -> b.fullBody().map(Buffer::toString));

        assertThat(body).isEqualTo("hello");
        assertThat(resumes).hasValue(0);
    }

    /** Regression: a role's answer, paused by the call that made it, was never resumed, so never read. */
    @Test
    void fullBody_responsePausedBeforeTheBodyWasBuilt_isResumed() throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(server.actualPort()).setURI("/chunks");
        String body = client.request(options).compose(request -> request.send())
                .compose(response -> {
                    response.pause();
                    return later(100, () -> new Body(vertx, counting(response), true).fullBody());
                })
                .map(Buffer::toString).await(10, TimeUnit.SECONDS);

        assertThat(body).isEqualTo(String.join("", CHUNKS));
        assertThat(resumes).hasValue(1);
    }

    @Test
    void fullBody_askedForAfterChunksCame_getsEveryChunkInOrderAndResumesOnce() throws Exception {
        String body = get("/chunks", b -> later(150, b::fullBody).map(Buffer::toString));

        assertThat(body).isEqualTo(String.join("", CHUNKS));
        assertThat(resumes).hasValue(1);
    }

    @Test
    void fullBody_emptyBodyEndedBeforeAskedFor_settlesOnlyWhenAskedFor() throws Exception {
        List<Boolean> settledBeforeAsking = new CopyOnWriteArrayList<>();
        Body[] seen = new Body[1];

        String body = get("/empty", b -> {
            seen[0] = b;
            return later(100, () -> {
                settledBeforeAsking.addAll(b.settled);
                return b.fullBody();
            }).map(Buffer::toString);
        });

        assertThat(body).isEmpty();
        assertThat(settledBeforeAsking).isEmpty();
        assertThat(seen[0].settled).containsExactly(true);
    }

    /**
     * Regression: SimulatedUpstreamHopTest read a body from the test's thread and hung now and then. The
     * read and the chunks arriving on the loop raced over the demand, so a chunk could be kept and the
     * response paused with nobody left to resume it.
     */
    @Test
    void fullBody_askedForOffTheEventLoop_readsOnTheResponsesLoopAndGetsEveryChunk() throws Exception {
        Body body = get("/chunks", Future::succeededFuture);

        String whole = body.fullBody().map(Buffer::toString).await(10, TimeUnit.SECONDS);

        assertThat(whole).isEqualTo(String.join("", CHUNKS));
        assertThat(body.handlersSetOnLoop).containsExactly(true);
    }

    @Test
    void fetch_afterChunksCame_handsOverOneChunkPerUnitOfDemand() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();

        List<String> afterEachFetch = get("/chunks", b -> {
            b.handler(chunk -> got.add(chunk.toString()));
            Promise<Void> ended = Promise.promise();
            b.endHandler(ended::complete);
            List<String> counts = new CopyOnWriteArrayList<>();
            return later(150, () -> {
                b.fetch(1);
                counts.add(String.join("", got));
                b.fetch(1);
                return later(50, () -> {
                    counts.add(String.join("", got));
                    b.resume();
                    return ended.future();
                });
            }).map(v -> counts);
        });

        assertThat(afterEachFetch).containsExactly("one,", "one,two,");
        assertThat(String.join("", got)).isEqualTo(String.join("", CHUNKS));
    }

    @Test
    void pause_whileFlowing_holdsChunksUntilResumed() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();

        String whilePaused = get("/chunks", b -> {
            Promise<Void> ended = Promise.promise();
            b.handler(chunk -> {
                got.add(chunk.toString());
                if (got.size() == 1) {
                    b.pause();
                }
            });
            b.endHandler(ended::complete);
            b.resume();
            return later(150, () -> {
                String seen = String.join("", got);
                b.resume();
                return ended.future().map(seen);
            });
        });

        assertThat(whilePaused).isEqualTo("one,");
        assertThat(String.join("", got)).isEqualTo(String.join("", CHUNKS));
    }

    /** A body whose settling is recorded. */
    static final class Body extends RelayedBody {
        final List<Boolean> settled = new CopyOnWriteArrayList<>();
        /** For each handler set, whether it was set on an event loop. */
        final List<Boolean> handlersSetOnLoop = new CopyOnWriteArrayList<>();

        Body(Vertx vertx, HttpClientResponse response) {
            super(vertx, response);
        }

        Body(Vertx vertx, HttpClientResponse response, boolean paused) {
            super(vertx, response, paused);
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            handlersSetOnLoop.add(Context.isOnEventLoopThread());
            return super.handler(handler);
        }

        @Override
        protected void onSettled(boolean complete) {
            settled.add(complete);
        }

        @Override
        protected long bodyDeadlineMillis() {
            return 5_000;
        }

        @Override
        public String deployment() {
            return "test";
        }

        @Override
        public String model() {
            return "claude-test";
        }

        @Override
        public boolean fallback() {
            return false;
        }

        @Override
        public int attempts() {
            return 1;
        }

        @Override
        public Duration idleTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public void cancel() {
            settle();
        }

        @Override
        public void fail(String reason) {
            settle();
        }
    }
}
