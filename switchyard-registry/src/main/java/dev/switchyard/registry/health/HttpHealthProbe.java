package dev.switchyard.registry.health;

import dev.switchyard.core.net.WholeResponse;
import dev.switchyard.registry.Instance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;

/**
 * GET {@code path} on the instance's address; any 2xx is healthy. The body is drained, never read.
 * Requests are always sent from one Vert.x context of the probe's own, whichever thread asks (a Vert.x
 * timer, or a test driving a fake scheduler), so the client's connections are used the way Vert.x expects.
 */
public final class HttpHealthProbe implements HealthProbe {
    private final HttpClient client;
    private final Context context;
    private final String path;

    public HttpHealthProbe(Vertx vertx, HttpClient client, String path) {
        this.client = client;
        this.context = vertx.getOrCreateContext();
        this.path = path;
    }

    @Override
    public Future<Void> check(Instance instance, Duration timeout) {
        Promise<Void> answer = Promise.promise();
        context.runOnContext(ignored -> send(instance, timeout).onComplete(answer));
        return answer.future();
    }

    private Future<Void> send(Instance instance, Duration timeout) {
        URI uri = instance.address().resolve(path);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(uri.toString())
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
        return WholeResponse.send(client, options, null).compose(response -> {
            int status = response.status();
            return status >= 200 && status < 300
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture(new ProbeFailure("status " + status));
        });
    }

    /** A failed check whose message is ours (status), so it may be shown as a check's detail. */
    static final class ProbeFailure extends RuntimeException {
        ProbeFailure(String message) {
            super(message, null, false, false);
        }
    }
}
