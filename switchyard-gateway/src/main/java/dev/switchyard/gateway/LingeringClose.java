package dev.switchyard.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a connection whose request body we refused, the way nginx's lingering close does. Closing
 * while the client is still sending makes the kernel answer with a reset, and a reset can discard
 * our 413 before the client reads it; so the rest of the body is read and dropped for a short while
 * (or until it ends), and only then is the connection closed.
 */
final class LingeringClose {
    static final long LINGER_MILLIS = 2_000;

    private LingeringClose() {}

    static void close(HttpServerRequest request) {
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeOnce = () -> {
            if (closed.compareAndSet(false, true)) {
                request.connection().close();
            }
        };
        Context context = Vertx.currentContext();
        if (request.isEnded() || context == null) {
            closeOnce.run();
            return;
        }
        long timer = context.owner().setTimer(LINGER_MILLIS, id -> closeOnce.run());
        request.handler(ignored -> {});
        request.exceptionHandler(ignored -> closeOnce.run());
        request.endHandler(v -> {
            context.owner().cancelTimer(timer);
            closeOnce.run();
        });
        request.resume();
    }
}
