package dev.switchyard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WholeResponseTest {
    Vertx vertx;
    HttpServer server;
    final AtomicLong spin = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(r -> r.body().onSuccess(b -> r.response().setStatusCode(201)
                        .putHeader("x-echo", "yes").end("echo:" + b)))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private RequestOptions post() {
        return new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(server.actualPort())
                .setURI("/");
    }

    @Test
    void send_withBody_answersStatusHeadersAndWholeBody() throws Exception {
        HttpClient client = vertx.createHttpClient();

        WholeResponse answer = WholeResponse.send(client, post(), Buffer.buffer("hi")).await(10, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers().get("x-echo")).isEqualTo("yes");
        assertThat(answer.text()).isEqualTo("echo:hi");
    }

    /**
     * Regression: callers off the event loops chained {@code .compose(resp -> resp.body())} after
     * {@code send}; now and then the body ended before it was asked for, and the call never completed
     * (RoleServerSecretTest timed out in CI). Many calls, each from a new client so each opens a connection.
     */
    @Test
    void send_fromAThreadOffTheEventLoops_neverLosesTheBody() throws Exception {
        int lost = 0;
        List<String> wrong = new ArrayList<>();
        // Two threads that keep the cores busy: the lost bodies came on a loaded machine (CI), rarely on an idle one.
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> busy = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            busy.add(Thread.ofPlatform().daemon().start(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;
                }
                spin.addAndGet(x);
            }));
        }
        try {
            for (int i = 0; i < 800; i++) {
            HttpClient client = vertx.createHttpClient();
            Future<WholeResponse> answer = WholeResponse.send(client, post(), Buffer.buffer("n" + i));
            try {
                String text = answer.await(1, TimeUnit.SECONDS).text();
                if (!text.equals("echo:n" + i)) {
                    wrong.add(text);
                }
            } catch (java.util.concurrent.TimeoutException e) {
                lost++;
            }
            client.close().await(10, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            for (Thread t : busy) {
                t.join();
            }
        }
        assertThat(lost).as("calls whose body never arrived").isZero();
        assertThat(wrong).isEmpty();
    }
}
