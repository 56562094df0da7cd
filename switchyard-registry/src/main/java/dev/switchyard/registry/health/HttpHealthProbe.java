package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;

/** GET {@code path} on the instance's address; any 2xx is healthy. The body is drained, never read. */
public final class HttpHealthProbe implements HealthProbe {
    private final HttpClient client;
    private final String path;

    public HttpHealthProbe(HttpClient client, String path) {
        this.client = client;
        this.path = path;
    }

    @Override
    public Future<Void> check(Instance instance, Duration timeout) {
        URI uri = instance.address().resolve(path);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(uri.toString())
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().compose(ignored -> {
                    int status = response.statusCode();
                    return status >= 200 && status < 300
                            ? Future.<Void>succeededFuture()
                            : Future.<Void>failedFuture(new ProbeFailure("status " + status));
                }));
    }

    /** A failed check whose message is ours (status), so it may be shown as a check's detail. */
    static final class ProbeFailure extends RuntimeException {
        ProbeFailure(String message) {
            super(message, null, false, false);
        }
    }
}
