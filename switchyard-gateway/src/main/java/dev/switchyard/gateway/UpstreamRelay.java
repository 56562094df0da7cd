package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.json.Json;
import java.io.IOException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Hands a pass-through answer to the client: the deployment's status, its content headers and body. The
 * deployment's own rate-limit headers stay behind (they describe the shared upstream account, not the
 * caller's key); the key's come from admission. Every path settles the {@link UpstreamResponse} once.
 */
final class UpstreamRelay {
    private UpstreamRelay() {}

    /** Reads the whole answer (JSON objects: created, retrieved, deleted). */
    static Future<Buffer> whole(Exchange ex, UpstreamResponse upstream) {
        ex.cancellation.onCancel(upstream::cancel);
        return upstream.fullBody();
    }

    /**
     * Writes a whole answer read with {@link #whole}, perhaps rewritten. An error in Anthropic's shape gets
     * this request's id, the one in the {@code request-id} header and in the gateway's logs and ledger.
     */
    static int send(Exchange ex, UpstreamResponse upstream, Buffer body) {
        HttpServerResponse response = ex.response;
        response.setStatusCode(upstream.status());
        copyHeaders(upstream, response, false);
        response.end(upstream.status() >= 400 ? withRequestId(body, ex.requestId) : body);
        return upstream.status();
    }

    private static Buffer withRequestId(Buffer body, String requestId) {
        try {
            if (Json.mapper().readTree(body.getBytes()) instanceof ObjectNode error
                    && "error".equals(error.path("type").asText()) && error.has("request_id")) {
                error.put("request_id", requestId);
                return Buffer.buffer(error.toString());
            }
        } catch (IOException e) {
            // not JSON: relayed as it came
        }
        return body;
    }

    /**
     * Streams the answer as it comes (batch results, file content, opaque paths), each chunk shown to
     * {@code tap} first; an error answer is read whole and sent as {@link #send} sends it.
     */
    static Future<Integer> stream(Exchange ex, UpstreamResponse upstream, Consumer<Buffer> tap) {
        if (upstream.status() >= 400) {
            return whole(ex, upstream).map(body -> send(ex, upstream, body));
        }
        HttpServerResponse response = ex.response;
        Promise<Integer> done = Promise.promise();
        int status = upstream.status();
        ex.cancellation.onCancel(() -> {
            upstream.cancel();
            done.tryComplete(status);
        });
        response.setStatusCode(status);
        boolean sized = copyHeaders(upstream, response, true);
        response.setChunked(!sized);
        ReadStream<Buffer> body = upstream.body();
        body.handler(chunk -> {
            tap.accept(chunk);
            response.write(chunk);
            if (response.writeQueueFull()) {
                body.pause();
                response.drainHandler(v -> body.resume());
            }
        });
        body.exceptionHandler(e -> {
            upstream.fail("pass-through body failed: " + e.getMessage());
            response.reset();
            done.tryComplete(status);
        });
        body.endHandler(v -> {
            response.end();
            done.tryComplete(status);
        });
        body.resume();
        return done.future();
    }

    /** True when the deployment's content-length went along (a streamed answer need not be chunked then). */
    private static boolean copyHeaders(UpstreamResponse upstream, HttpServerResponse response, boolean withLength) {
        boolean sized = false;
        for (var h : upstream.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                if (withLength) {
                    response.putHeader("content-length", h.getValue());
                    sized = true;
                }
            } else if (relayed(name)) {
                response.headers().add(h.getKey(), h.getValue());
            }
        }
        return sized;
    }

    private static boolean relayed(String name) {
        return name.equals("content-type") || name.equals("content-disposition") || name.equals("retry-after")
                || name.startsWith("anthropic-") && !name.startsWith("anthropic-ratelimit-");
    }
}
