package dev.switchyard.upstream.impl;

import dev.switchyard.core.net.LoopTimeouts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.function.Consumer;

/**
 * One request to a deployment, from opening it to its response head, bounded by the deployment's
 * first-byte timeout. Exactly one thing ends it: the head arrives, it fails (timeout, local, connect,
 * io), or the caller cancels it; whatever comes later is dropped (a late connection is reset). Runs on
 * the caller's event loop, so a flag is enough.
 */
final class HeadRequest {
    /** How a request ended, when it was not cancelled. */
    interface Outcome {
        void answered(HttpClientResponse response);

        /** {@code reason}: timeout, local, connect or io; {@code detail} for logs and errors. */
        void failed(String reason, String detail);
    }

    private final Vertx vertx;
    private boolean finished;
    private HttpClientRequest current;
    private LoopTimeouts.Timeout timeout;

    /**
     * Made before it starts, so that a caller can make it cancellable first: an outcome may run within
     * {@link #start} (a failure the pool reports at once) and start the next attempt.
     */
    HeadRequest(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Opens the request on {@code d}; {@code send} writes its headers and body once it is open. */
    void start(Deployment d, RequestOptions options, Consumer<HttpClientRequest> send, Outcome outcome) {
        long firstByte = d.config().timeouts().firstByte().toMillis();
        timeout = LoopTimeouts.start(vertx, firstByte, () -> {
            if (finish()) {
                reset();
                outcome.failed("timeout", "no response within " + firstByte + " ms");
            }
        });
        d.client().request(options).onComplete(ar -> {
            if (finished) {
                if (ar.succeeded()) {
                    ar.result().reset();
                }
            } else if (ar.failed()) {
                finish();
                outcome.failed(LocalFailure.isLocal(ar.cause()) ? "local" : "connect",
                        "connect error: " + describe(ar.cause()));
            } else {
                current = ar.result();
                current.response().onComplete(rar -> {
                    if (finish()) {
                        if (rar.failed()) {
                            outcome.failed("io", "upstream error: " + rar.cause().getMessage());
                        } else {
                            outcome.answered(rar.result());
                        }
                    }
                });
                send.accept(current);
            }
        });
    }

    /**
     * The failure's message and, when it has one of its own, its root cause's: a name that failed to resolve
     * says only that, while the cause tells a timed-out query from a name the server does not know.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 8; depth++) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        String rootMessage = root.getMessage();
        return root == failure || rootMessage == null || message.contains(rootMessage) ? message
                : message + " (" + root.getClass().getSimpleName() + ": " + rootMessage + ")";
    }

    /** Withdraws the request; true when it was still in flight (no outcome has run, and none will). */
    boolean cancel() {
        if (!finish()) {
            return false;
        }
        reset();
        return true;
    }

    /** Marks it over and stops the timer; false when it already was. */
    private boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        if (timeout != null) {
            timeout.cancel();
        }
        return true;
    }

    private void reset() {
        if (current != null) {
            current.reset();
        }
    }
}
