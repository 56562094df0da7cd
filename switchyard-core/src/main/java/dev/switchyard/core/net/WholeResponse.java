package dev.switchyard.core.net;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;

/**
 * A whole HTTP answer: status, headers and the body read to its end.
 *
 * <p>Why a helper: in Vert.x 5.0.7 a response's body is lost when the body is asked for after the
 * response ended (eclipse-vertx/vert.x#6038, fixed upstream after 5.0.7): {@code body()} then never
 * completes. The common chain {@code request.compose(r -> r.send()).compose(resp -> resp.body())} asks
 * in a listener of a composed future, which runs as a task of the caller's context when the caller is
 * off the connection's event loop (a test thread, a CLI, a worker); by then the connection may have
 * read the rest. Asking for the body in the listener of {@code send} itself runs while the head is
 * being delivered, before any of the body.
 */
public record WholeResponse(int status, MultiMap headers, Buffer body) {

    /** Opens a request with {@code options}, sends {@code body} (none when null) and reads the whole answer. */
    public static Future<WholeResponse> send(HttpClient client, RequestOptions options, Buffer body) {
        return client.request(options).compose(request -> send(request, body));
    }

    /** Sends {@code body} (none when null) on an open request and reads the whole answer. */
    public static Future<WholeResponse> send(HttpClientRequest request, Buffer body) {
        return (body == null ? request.send() : request.send(body))
                .compose(response -> response.body()
                        .map(read -> new WholeResponse(response.statusCode(), response.headers(), read)));
    }

    /** The body as UTF-8 text. */
    public String text() {
        return body.toString();
    }
}
