package dev.switchyard.cluster;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Set;

/**
 * The gateway's {@code /admin/*} when the auth role runs elsewhere: each request is forwarded to an auth
 * instance's role port with the cluster secret, and its answer relayed. The admin key the client sent
 * travels with it and is checked there, by the admin API itself; nothing of it is logged here.
 */
public final class AdminProxy implements Handler<HttpServerRequest> {
    /** Request headers the admin API reads; the rest (hop-by-hop, cookies) stay here. */
    private static final Set<String> FORWARDED = Set.of("x-api-key", "authorization", "content-type", "accept");

    private final RoleClient auth;

    public AdminProxy(RoleClient auth) {
        this.auth = auth;
    }

    /**
     * Asks the auth role whether {@code request} carries an admin credential ({@code GET /admin/session}):
     * succeeds if so, else fails with the auth role's answer (401, 429 after too many failures...).
     */
    public Future<Void> check(HttpServerRequest request) {
        return auth.forward(HttpMethod.GET, "/admin/session", credentials(request), Buffer.buffer(), "")
                .compose(call -> call.body().andThen(ar -> call.finish(ar.succeeded()))
                        .compose(body -> call.response().statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
                                : Future.failedFuture(RemoteErrors.read("auth", call.response().statusCode(),
                                        call.response().headers(), body))));
    }

    private static MultiMap credentials(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(h -> {
            if (FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        return headers;
    }

    @Override
    public void handle(HttpServerRequest request) {
        MultiMap headers = credentials(request);
        request.body().compose(body -> auth.forward(request.method(), request.uri(), headers, body, ""))
                .compose(call -> call.body().andThen(ar -> call.finish(ar.succeeded()))
                        .map(body -> {
                            HttpServerResponse response = request.response().setStatusCode(call.response().statusCode());
                            String type = call.response().getHeader("content-type");
                            if (type != null) {
                                response.putHeader("content-type", type);
                            }
                            response.end(body);
                            return null;
                        }))
                .onFailure(e -> RemoteErrors.write(request.response(), e instanceof ApiException ? e
                        : new ApiException(ErrorType.OVERLOADED, "the auth role is unreachable"), ""));
    }
}
