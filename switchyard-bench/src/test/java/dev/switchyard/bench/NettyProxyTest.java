package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyProxyTest {
    private static final String REPLY = "{\"type\":\"message\",\"content\":[]}";

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer upstream;
    private NettyProxy proxy;

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        client.close();
    }

    @Test
    void forward_twoRequestsOnOneConnection_relaysStatusBodyAndTypeBothTimes() throws Exception {
        startUpstream();
        proxy = NettyProxy.start(0, URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), 1,
                NettyProxy.Transport.named("auto"));

        for (String body : List.of("{\"n\":1}", "{\"n\":2}")) {
            HttpResponse<String> reply = client.send(post("/v1/messages", body), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(201);
            assertThat(reply.body()).isEqualTo(REPLY);
            assertThat(reply.headers().firstValue("content-type")).hasValue("application/json");
        }
        assertThat(seen).containsExactly("POST /v1/messages application/json {\"n\":1}",
                "POST /v1/messages application/json {\"n\":2}");
    }

    @Test
    void forward_upstreamRefuses_closesTheClientConnection() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        proxy = NettyProxy.start(0, URI.create("http://127.0.0.1:" + closed), 1, NettyProxy.Transport.named("auto"));

        assertThatThrownBy(() -> client.send(post("/v1/messages", "{}"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void named_unknownTransport_isRefusedWithTheChoices() {
        assertThatThrownBy(() -> NettyProxy.Transport.named("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io_uring").hasMessageContaining("kqueue");
    }

    private void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("content-type") + " " + body);
            byte[] reply = REPLY.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(201, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        upstream.start();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                .header("content-type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
