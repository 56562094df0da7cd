package dev.switchyard.bench;

import dev.switchyard.core.net.NetworkTransport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.transport.Transport;
import java.net.URI;

/**
 * The floor of the gateway's stack: a Vert.x HTTP server that sends each request's body to the upstream with
 * a Vert.x HTTP client (one per event loop, as the gateway has) and returns the reply, with nothing else, no
 * parsing, no headers but the content type. What the gateway costs above it is the gateway's own work; what
 * this costs above nginx is Vert.x and Netty's.
 */
final class BareProxy {
    private BareProxy() {}

    static int run(Args options) throws Exception {
        int port = options.integer("port", 18194);
        URI upstream = URI.create(options.string("upstream", null));
        int loops = options.integer("event-loops", 2);
        // the gateway's own default (run --transport auto): io_uring where it loads, else epoll
        String name = options.string("transport", "auto");
        options.done();
        Transport transport = NetworkTransport.named(name).pick();
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(loops)).withTransport(transport)
                .build();
        vertx.deployVerticle(() -> new Loop(port, upstream), new DeploymentOptions().setInstances(loops))
                .await();
        System.out.println("bare Vert.x proxy (" + transport.name() + ") on http://127.0.0.1:" + port + " to "
                + upstream);
        Thread.currentThread().join();
        return 0;
    }

    private static final class Loop extends VerticleBase {
        private final int port;
        private final URI upstream;
        private HttpClient client;

        Loop(int port, URI upstream) {
            this.port = port;
            this.upstream = upstream;
        }

        @Override
        public Future<?> start() {
            client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(upstream.getHost())
                    .setDefaultPort(upstream.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
            return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                    .requestHandler(this::forward).listen();
        }

        private void forward(HttpServerRequest request) {
            request.body()
                    .compose(body -> client.request(HttpMethod.POST, request.uri()).compose(up -> up
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").send(body)))
                    .compose(reply -> reply.body().map(body -> request.response().setStatusCode(reply.statusCode())
                            .putHeader(HttpHeaders.CONTENT_TYPE, reply.getHeader(HttpHeaders.CONTENT_TYPE))
                            .end(body)))
                    .onFailure(e -> request.response().setStatusCode(502).end());
        }
    }
}
