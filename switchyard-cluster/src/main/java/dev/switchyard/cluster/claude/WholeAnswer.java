package dev.switchyard.cluster.claude;

import dev.switchyard.claude.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;

/**
 * A whole (non-streamed) answer from a claude role, its body already read: the head's facts come from the
 * relayed response, the body is the bytes read. Its hop is settled, so cancel and fail have nothing left
 * to stop.
 */
final class WholeAnswer implements UpstreamResponse {
    private final UpstreamResponse head;
    private final Buffer body;

    WholeAnswer(UpstreamResponse head, Buffer body) {
        this.head = head;
        this.body = body;
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public MultiMap headers() {
        return head.headers();
    }

    @Override
    public ReadStream<Buffer> body() {
        return new OneBuffer(body);
    }

    @Override
    public Future<Buffer> fullBody() {
        return Future.succeededFuture(body);
    }

    @Override
    public String deployment() {
        return head.deployment();
    }

    @Override
    public String model() {
        return head.model();
    }

    @Override
    public boolean fallback() {
        return head.fallback();
    }

    @Override
    public int attempts() {
        return head.attempts();
    }

    @Override
    public Duration idleTimeout() {
        return head.idleTimeout();
    }

    @Override
    public void cancel() {
        // read to the end: nothing is open
    }

    @Override
    public void fail(String reason) {
        // read to the end: nothing is open
    }

    /** The body as a stream of one buffer, delivered when there is demand (it starts flowing, as Vert.x's do). */
    private static final class OneBuffer implements ReadStream<Buffer> {
        private Buffer pending;
        private boolean paused;
        private Handler<Buffer> handler;
        private Handler<Void> endHandler;

        OneBuffer(Buffer body) {
            this.pending = body;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            this.handler = handler;
            deliver();
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            deliver();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return amount > 0 ? resume() : this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            this.endHandler = endHandler;
            deliver();
            return this;
        }

        private void deliver() {
            if (paused || handler == null || endHandler == null) {
                return;
            }
            Buffer b = pending;
            pending = null;
            if (b != null) {
                handler.handle(b);
            }
            Handler<Void> end = endHandler;
            endHandler = null;
            end.handle(null);
        }
    }
}
