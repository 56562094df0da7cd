package dev.switchyard.cluster.claude;

import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * An upstream response the test writes chunk by chunk: a paused body with real demand (pause, resume,
 * fetch), its facts settable, and a record of how the serving side ended it. Everything but the
 * volatile records runs on the context of the call that made it.
 */
final class ScriptedResponse implements UpstreamResponse, ReadStream<Buffer> {
    final Context context;
    final UpstreamCall call;
    final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    int status = 200;
    String deployment = "scripted-a";
    String model;
    boolean fallback;
    int attempts = 1;
    Duration idleTimeout = Duration.ofSeconds(60);

    volatile boolean cancelled;
    volatile String failedWith;
    volatile int written;
    /** Chunks handed to the serving side's relay: behind {@link #written} while it is paused. */
    volatile int delivered;

    private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
    private long demand;
    private boolean ended;
    private boolean endDelivered;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    ScriptedResponse(Context context, UpstreamCall call) {
        this.context = context;
        this.call = call;
        this.model = call.model();
        headers.add("content-type", "text/event-stream");
    }

    /** Writes one chunk from any thread. */
    void write(String chunk) {
        context.runOnContext(v -> {
            written++;
            pending.add(Buffer.buffer(chunk));
            drain();
        });
    }

    /** Writes one SSE event. */
    void event(String type, String data) {
        write("event: " + type + "\ndata: " + data + "\n\n");
    }

    void end() {
        context.runOnContext(v -> {
            ended = true;
            drain();
        });
    }

    /** The upstream connection breaks mid-body. */
    void breakOff() {
        context.runOnContext(v -> {
            if (exceptionHandler != null) {
                exceptionHandler.handle(new IllegalStateException("upstream connection reset"));
            }
        });
    }

    boolean settled() {
        return cancelled || failedWith != null;
    }

    private void drain() {
        while (demand > 0 && !pending.isEmpty() && !settled()) {
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            Buffer next = pending.poll();
            delivered++;
            if (handler != null) {
                handler.handle(next);
            }
        }
        if (ended && pending.isEmpty() && !endDelivered && !settled()) {
            endDelivered = true;
            if (endHandler != null) {
                endHandler.handle(null);
            }
        }
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public MultiMap headers() {
        return headers;
    }

    @Override
    public ReadStream<Buffer> body() {
        return this;
    }

    @Override
    public Future<Buffer> fullBody() {
        Promise<Buffer> all = Promise.promise();
        Buffer body = Buffer.buffer();
        handler(body::appendBuffer);
        endHandler(v -> all.tryComplete(body));
        exceptionHandler(all::tryFail);
        resume();
        return all.future();
    }

    @Override
    public String deployment() {
        return deployment;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean fallback() {
        return fallback;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public void cancel() {
        if (!settled()) {
            cancelled = true;
        }
    }

    @Override
    public void fail(String reason) {
        if (!settled()) {
            failedWith = reason;
        }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        demand = 0;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        demand = Long.MAX_VALUE;
        context.runOnContext(v -> drain());
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        demand = demand == Long.MAX_VALUE || Long.MAX_VALUE - demand < amount ? Long.MAX_VALUE : demand + amount;
        context.runOnContext(v -> drain());
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }
}
