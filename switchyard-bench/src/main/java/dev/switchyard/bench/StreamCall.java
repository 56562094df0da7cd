package dev.switchyard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import java.util.function.Consumer;

/**
 * One streaming request: sends it, feeds the response to an SSE parser and a {@link StreamChecker},
 * and notes when the headers and the first text delta arrived. Runs wholly on the event loop that
 * started it, so its fields need no synchronization; {@code done} is called exactly once.
 */
final class StreamCall {
    final long due;
    private final StreamChecker checker;
    private final Consumer<StreamCall> onOpen;
    private final Consumer<StreamCall> onDone;
    long headersAt;
    /** A 200 arrived: the stream counted as open until done. */
    boolean opened;
    long firstDeltaAt;
    long endAt;
    /** Null when the stream was complete and correct; else a short category and the detail. */
    String errorKind;
    String error;
    private boolean finished;

    private StreamCall(long due, StreamChecker checker, Consumer<StreamCall> onOpen, Consumer<StreamCall> onDone) {
        this.due = due;
        this.checker = checker;
        this.onOpen = onOpen;
        this.onDone = onDone;
    }

    static void start(HttpClientAgent client, Target target, Buffer body, long idleMillis, long due,
            StreamChecker checker, Consumer<StreamCall> onOpen, Consumer<StreamCall> onDone) {
        StreamCall call = new StreamCall(due, checker, onOpen, onDone);
        client.request(target.post(idleMillis)).compose(req -> req.send(body)).onComplete(ar -> {
            if (ar.failed()) {
                call.finish("request failed: " + ar.cause().getClass().getSimpleName(), ar.cause().toString());
            } else {
                call.receive(ar.result());
            }
        });
    }

    private void receive(HttpClientResponse resp) {
        headersAt = System.nanoTime();
        int status = resp.statusCode();
        if (status != 200) {
            resp.body().onComplete(b -> {
                String text = b.succeeded() ? b.result().toString() : String.valueOf(b.cause());
                finish("http " + status + cause(text), "HTTP " + status + ": " + abbreviate(text));
            });
            return;
        }
        opened = true;
        onOpen.accept(this);
        SseParser parser = new SseParser(checker);
        resp.handler(chunk -> {
            long now = System.nanoTime();
            if (finished) {
                return;
            }
            parser.feed(chunk.getBytes());
            if (firstDeltaAt == 0 && checker.deltas() > 0) {
                firstDeltaAt = now;
            }
        });
        resp.exceptionHandler(t -> finish("stream failed: " + t.getClass().getSimpleName(),
                t + " after " + checker.events() + " events"));
        resp.endHandler(v -> {
            String problem = checker.finish(parser.hasPartialEvent());
            finish(problem == null ? null : "bad event sequence", problem);
        });
    }

    private void finish(String kind, String detail) {
        if (finished) {
            return;
        }
        finished = true;
        endAt = System.nanoTime();
        errorKind = kind;
        error = detail;
        onDone.accept(this);
    }

    boolean ok() {
        return errorKind == null;
    }

    int events() {
        return checker.events();
    }

    /** A short cause for the error tally, from the gateway's error message; empty when none is known. */
    static String cause(String errorBody) {
        if (errorBody.contains("Too many open files")) {
            return " (too many open files)";
        } else if (errorBody.contains("timed out")) {
            return " (upstream connect timeout)";
        } else if (errorBody.contains("no deployment was available")) {
            return " (no deployment available)";
        }
        return "";
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }
}
