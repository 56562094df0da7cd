package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.net.HeaderNames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of every response pipeline: writes the events to the client. A streaming client gets them as
 * SSE, batched per source chunk, with backpressure (a full write queue pauses the source until it
 * drains). Any other client gets the one Message they add up to: the source's own bytes when no stage
 * changed an event (nothing is re-serialized on the common path), else the message rebuilt from them.
 */
final class ClientWriter implements EventSink {
    private final Exchange ex;
    private final boolean stream;
    private final Buffer originalBody;
    private final List<ResponseEvent> whole;
    private Buffer pending;
    private boolean allOriginal = true;
    private boolean headWritten;
    private EventPipeline pipeline;
    private EventSource source;

    /** {@code originalBody}: the body the events were taken from, when they came whole (else null). */
    ClientWriter(Exchange ex, boolean stream, Buffer originalBody) {
        this.ex = ex;
        this.stream = stream;
        this.originalBody = originalBody;
        this.whole = stream ? null : new ArrayList<>(8);
    }

    void attach(EventPipeline pipeline, EventSource source) {
        this.pipeline = pipeline;
        this.source = source;
    }

    /** A streaming client gets its head at once, as the upstream's arrived: it knows the call was taken. */
    void start() {
        if (stream) {
            head();
        }
    }

    void onClientGone(Runnable r) {
        ex.cancellation.onCancel(r);
    }

    String requestId() {
        return ex.requestId;
    }

    @Override
    public void emit(ResponseEvent event) {
        if (!stream) {
            allOriginal &= event.original();
            whole.add(event);
            return;
        }
        if (pending == null) {
            pending = Buffer.buffer(512);
        }
        pending.appendBuffer(event.sse());
    }

    @Override
    public void fail(ApiException error) {
        pipeline.fail(error);
    }

    /** Sends what a streaming client has pending. */
    void flush() {
        if (!stream || pending == null || ex.closed()) {
            return;
        }
        head();
        ex.response.write(pending);
        pending = null;
        if (ex.response.writeQueueFull()) {
            source.pause();
            ex.response.drainHandler(v -> source.resume());
        }
    }

    /** The events are all in: ends the response; completes with the status sent. */
    Future<Integer> end() {
        if (ex.closed()) {
            return Future.succeededFuture(200);
        }
        if (stream) {
            flush();
            head();
            return ex.response.end().map(200).otherwise(200);
        }
        Buffer body = allOriginal && originalBody != null ? originalBody : assembled();
        ex.response.putHeader(HeaderNames.CONTENT_TYPE, HeaderNames.APPLICATION_JSON);
        return ex.response.end(body).map(200).otherwise(200);
    }

    /** Writes the error in place of the rest; returns the status the client got. */
    int refuse(ApiException error) {
        if (ex.closed()) {
            // the client left (or the response ended): it got whatever head went out, if any
            return ex.response.headWritten() ? ex.response.getStatusCode() : error.status();
        }
        if (stream && (headWritten || ex.response.headWritten())) {
            flush();
            ex.response.end(ErrorResponder.streamEvent(ex, error));
            return 200;
        }
        return ErrorResponder.send(ex, error);
    }

    private void head() {
        if (!headWritten) {
            headWritten = true;
            if (ex.response.headers().get(HeaderNames.CONTENT_TYPE) == null) {
                ex.response.putHeader(HeaderNames.CONTENT_TYPE, HeaderNames.EVENT_STREAM_UTF8);
            }
            ex.response.putHeader(HeaderNames.CACHE_CONTROL, HeaderNames.NO_CACHE);
            ex.response.setChunked(true);
            ex.response.writeHead();
        }
    }

    private Buffer assembled() {
        MessageAssembler assembler = new MessageAssembler();
        whole.forEach(assembler::feed);
        ObjectNode message = assembler.message();
        String json = message == null ? "{}" : message.toString();
        return Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
    }
}
