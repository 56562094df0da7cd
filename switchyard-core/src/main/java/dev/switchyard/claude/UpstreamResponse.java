package dev.switchyard.claude;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;

/**
 * A response from one deployment, headers received, body paused until the caller attaches its
 * handlers and resumes. The caller must end it one way: read it to the end, {@link #cancel()} it
 * (the client went away), or {@link #fail(String)} it (the upstream misbehaved mid-body), so the
 * deployment's in-flight count and breaker are settled exactly once.
 */
public interface UpstreamResponse {
    int status();

    MultiMap headers();

    /** The body; paused on arrival. */
    ReadStream<Buffer> body();

    /** Reads the whole body (non-streaming responses); fails with a timeout_error past the body deadline. */
    Future<Buffer> fullBody();

    String deployment();

    /** The model that served: the requested one, or a fallback. */
    String model();

    /** True when a fallback model served. */
    boolean fallback();

    /** Attempts made before this response, including it. */
    int attempts();

    /** The deployment's longest allowed gap between two body chunks. */
    Duration idleTimeout();

    void cancel();

    void fail(String reason);
}
