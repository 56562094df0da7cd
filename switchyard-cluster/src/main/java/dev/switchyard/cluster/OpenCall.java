package dev.switchyard.cluster;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.InstanceSet;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call to another role whose answer has begun: its head is here, its body paused. {@link #finish}
 * settles it (in-flight count, latency, outcome for outlier detection) exactly once; {@link #reset}
 * withdraws it, and the callee sees its stream reset.
 */
public final class OpenCall {
    /** HTTP/2 INTERNAL_ERROR: the caller found the answer broken (see {@link RpcCall#callerReportedFailure}). */
    static final long INTERNAL_ERROR = 2;

    private final Instance instance;
    private final HttpClientRequest request;
    private final HttpClientResponse response;
    private final Finisher finisher;
    private final Runnable stopCancel;

    OpenCall(Instance instance, HttpClientRequest request, HttpClientResponse response, Finisher finisher,
            Runnable stopCancel) {
        this.instance = instance;
        this.request = request;
        this.response = response;
        this.finisher = finisher;
        this.stopCancel = stopCancel;
    }

    public Instance instance() {
        return instance;
    }

    public HttpClientResponse response() {
        return response;
    }

    /**
     * The whole answer, read. The body is asked for before the paused answer resumes: a caller off the
     * connection's event loop (a test, a worker) that resumed first could see the end arrive before it
     * asked, and the end was then lost, so the call never completed.
     */
    public Future<Buffer> body() {
        Future<Buffer> body = response.body();
        response.resume();
        return body;
    }

    /** Withdraws the call: HTTP/2 CANCEL (or FAIL: INTERNAL_ERROR) on the stream. */
    public void reset(boolean failure) {
        request.reset(failure ? INTERNAL_ERROR : RoleClient.CANCEL);
        finish(!failure);
    }

    public void finish(boolean success) {
        stopCancel.run();
        finisher.finish(success);
    }

    /** Settles one attempt exactly once. */
    static final class Finisher {
        private final RoleEndpoint endpoint;
        private final InstanceSet instances;
        private final long start;
        private final AtomicBoolean done = new AtomicBoolean();

        Finisher(RoleEndpoint endpoint, InstanceSet instances, long start) {
            this.endpoint = endpoint;
            this.instances = instances;
            this.start = start;
        }

        void finish(boolean success) {
            if (done.compareAndSet(false, true)) {
                endpoint.finished(System.nanoTime() - start);
                instances.callFinished(endpoint.instance().id(), success);
            }
        }
    }
}
