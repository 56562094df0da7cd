package dev.switchyard.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A chain of steps behind a real HTTP server on a loopback port, for testing steps alone with fakes
 * around them: every request runs the chain; the statuses it completed with are kept.
 */
final class ChainHarness implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChainHarness(List<Step> steps) throws Exception {
        Chain chain = new Chain(steps);
        server = vertx.createHttpServer().requestHandler(req -> {
            Exchange ex = new Exchange(req, "test");
            ex.response.closeHandler(v -> ex.cancellation.cancel());
            chain.run(ex).onComplete(ar -> statuses.add(ar.result()));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to the harness's server, to add headers to; send it with {@link #send}. */
    HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/")).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
