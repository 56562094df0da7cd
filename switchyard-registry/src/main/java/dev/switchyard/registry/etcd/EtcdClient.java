package dev.switchyard.registry.etcd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.net.WholeResponse;
import dev.switchyard.registry.etcd.EtcdReplies.ErrorReply;
import dev.switchyard.registry.etcd.EtcdReplies.KeepAliveReply;
import dev.switchyard.registry.etcd.EtcdReplies.LeaseGrant;
import dev.switchyard.registry.etcd.EtcdReplies.RangeReply;
import dev.switchyard.registry.etcd.EtcdReplies.WatchReply;
import dev.switchyard.registry.etcd.EtcdReplies.WatchResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * etcd v3 through its JSON gateway ({@code /v3/...}, keys and values base64) on the Vert.x HTTP client.
 *
 * <p>Why not jetcd or another gRPC client: they bring Vert.x 4 or their own gRPC/Netty stack, which conflicts
 * with the Vert.x 5 and Netty the BOM fixes for the whole process; the gateway is part of every etcd v3 server
 * and needs nothing but HTTP. A call that cannot reach an endpoint tries the next one, which later calls keep.
 */
final class EtcdClient {
    private static final int MAX_WATCH_LINE = 16 * 1024 * 1024;

    private final HttpClient http;
    private final List<URI> endpoints;
    private final Duration timeout;
    private final AtomicInteger current = new AtomicInteger();

    EtcdClient(Vertx vertx, List<URI> endpoints, Duration timeout) {
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        // TCP keep-alive, so that a watch on a connection whose peer vanished (no FIN) ends eventually.
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis())
                .setTcpKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
    }

    Future<LeaseGrant> grant(long ttlSeconds) {
        return call("/v3/lease/grant", body().put("TTL", ttlSeconds), LeaseGrant.class);
    }

    /** One keep-alive round; the reply's TTL is 0 when the lease no longer exists. */
    Future<KeepAliveReply> keepAlive(long leaseId) {
        return call("/v3/lease/keepalive", body().put("ID", Long.toString(leaseId)), KeepAliveReply.class);
    }

    Future<Void> revoke(long leaseId) {
        return call("/v3/lease/revoke", body().put("ID", Long.toString(leaseId)), ObjectNode.class).mapEmpty();
    }

    Future<Void> put(String key, String value, long leaseId) {
        return call("/v3/kv/put", body().put("key", b64(key)).put("value", b64(value))
                .put("lease", Long.toString(leaseId)), ObjectNode.class).mapEmpty();
    }

    Future<Void> delete(String key) {
        return call("/v3/kv/deleterange", body().put("key", b64(key)), ObjectNode.class).mapEmpty();
    }

    /** Every key under {@code prefix}, with the store's revision at the time of the read. */
    Future<RangeReply> range(String prefix) {
        return call("/v3/kv/range", body().put("key", b64(prefix)).put("range_end", b64(rangeEnd(prefix))),
                RangeReply.class);
    }

    /**
     * Watches every key under {@code prefix} from {@code startRevision}: each streamed reply goes to
     * {@code onReply}, and {@code onEnd} runs once when the stream stops for any reason. The returned request
     * is reset to stop watching.
     */
    Future<HttpClientRequest> watch(String prefix, long startRevision, Consumer<WatchReply> onReply,
            Consumer<Throwable> onEnd) {
        ObjectNode create = body().put("key", b64(prefix)).put("range_end", b64(rangeEnd(prefix)))
                .put("start_revision", Long.toString(startRevision));
        ObjectNode watch = body().set("create_request", create);
        // No idle timeout: a quiet watch is a healthy one.
        int at = current.get();
        RequestOptions options = options(at, "/v3/watch").setIdleTimeout(0);
        return http.request(options).compose(req -> req.send(Buffer.buffer(watch.toString())).compose(resp -> {
            if (resp.statusCode() != 200) {
                return resp.body().compose(b -> Future.failedFuture(failure("/v3/watch", resp.statusCode(), b)));
            }
            OnlyOnce end = new OnlyOnce(onEnd);
            RecordParser lines = RecordParser.newDelimited("\n", resp).maxRecordSize(MAX_WATCH_LINE);
            lines.handler(line -> {
                String stop = deliver(line, onReply);
                if (stop != null) {
                    end.accept(new IllegalStateException("etcd watch: " + stop));
                    req.reset();
                }
            });
            lines.exceptionHandler(end);
            resp.exceptionHandler(end);
            resp.endHandler(v -> end.accept(new IllegalStateException("etcd watch: stream ended")));
            req.connection().closeHandler(v -> end.accept(new IllegalStateException("etcd watch: connection closed")));
            return Future.succeededFuture(req);
        })).onFailure(e -> movePast(at));
    }

    /**
     * Hands a watch reply on; returns why the watch cannot go on (an error, a cancel, history compacted away),
     * or null. The caller then lists again and watches from the new revision.
     */
    private static String deliver(Buffer line, Consumer<WatchReply> onReply) {
        WatchReply reply;
        try {
            reply = Json.mapper().readValue(line.getBytes(), WatchReply.class);
        } catch (Exception e) {
            return "undecodable reply (" + e.getMessage() + ")";
        }
        WatchResult r = reply.result();
        if (reply.error() != null || r == null) {
            return "error reply";
        }
        if (r.canceled() || r.compactRevision() > 0) {
            return "cancelled (" + (r.compactRevision() > 0 ? "compacted to " + r.compactRevision() : r.cancelReason())
                    + ")";
        }
        onReply.accept(reply);
        return null;
    }

    Future<Void> close() {
        return http.close();
    }

    /** Tries each endpoint once, from the current one, until one answers; an answer that is an error stops. */
    private <T> Future<T> call(String path, ObjectNode body, Class<T> type) {
        return attempt(path, body, type, endpoints.size());
    }

    private <T> Future<T> attempt(String path, ObjectNode body, Class<T> type, int left) {
        return once(path, body, type).recover(e -> e instanceof EtcdException || left <= 1 ? Future.failedFuture(e)
                : attempt(path, body, type, left - 1));
    }

    private <T> Future<T> once(String path, ObjectNode body, Class<T> type) {
        int at = current.get();
        return WholeResponse.send(http, options(at, path).setTimeout(timeout.toMillis()), Buffer.buffer(body.toString()))
                .compose(resp -> {
                    if (resp.status() != 200) {
                        return Future.failedFuture(failure(path, resp.status(), resp.body()));
                    }
                    try {
                        return Future.succeededFuture(Json.mapper().readValue(resp.body().getBytes(), type));
                    } catch (Exception e) {
                        return Future.failedFuture(new IllegalStateException("etcd " + path + ": undecodable reply"));
                    }
                })
                .onFailure(e -> {
                    if (!(e instanceof EtcdException)) {
                        movePast(at);
                    }
                });
    }

    private RequestOptions options(int at, String path) {
        URI base = endpoints.get(Math.floorMod(at, endpoints.size()));
        return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base.resolve(path).toString())
                .putHeader("content-type", "application/json");
    }

    /** Moves to the next endpoint unless a concurrent failure already moved on from this one. */
    private void movePast(int failed) {
        current.compareAndSet(failed, failed + 1);
    }

    private static EtcdException failure(String path, int status, Buffer body) {
        String message;
        try {
            ErrorReply e = Json.mapper().readValue(body.getBytes(), ErrorReply.class);
            message = e.message() != null ? e.message() : e.error();
        } catch (Exception notJson) {
            message = "undecodable error body";
        }
        return new EtcdException("etcd " + path + ": HTTP " + status + ": " + message);
    }

    private static ObjectNode body() {
        return Json.mapper().createObjectNode();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return s == null ? "" : new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** The first key after every key that starts with {@code prefix}: its last byte plus one. */
    static String rangeEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    /** etcd answered, with an error: the endpoint works, so no failover. */
    static final class EtcdException extends RuntimeException {
        EtcdException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class OnlyOnce implements io.vertx.core.Handler<Throwable> {
        private final Consumer<Throwable> target;
        private boolean done;

        OnlyOnce(Consumer<Throwable> target) {
            this.target = target;
        }

        @Override
        public synchronized void handle(Throwable e) {
            if (!done) {
                done = true;
                target.accept(e);
            }
        }

        void accept(Throwable e) {
            handle(e);
        }
    }
}
