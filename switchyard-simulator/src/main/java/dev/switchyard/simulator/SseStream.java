package dev.switchyard.simulator;

import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One streaming answer. Design: everything here runs on the event loop of the request's connection
 * (the timer is set from the request handler, and close and drain handlers fire on the same loop), so
 * the state needs no synchronization. Events are numbered 0..total-1; {@code granted} is how far the
 * clock allows, {@code next} how far has been written. The clock only raises {@code granted}; {@link
 * #pump()} writes up to it while the connection's write queue accepts and otherwise resumes from the
 * drain handler, so a slow reader delays the stream instead of growing memory.
 */
final class SseStream {
    /** message_start, content_block_start, ping: sent as soon as the stream opens. */
    private static final int PREAMBLE = 3;
    /** After the deltas: content_block_stop, message_delta, message_stop. */
    private static final int TRAILER = 3;

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Stats stats;
    private final Pace pace;
    private final Buffer messageStart;
    private final Buffer messageDelta;
    private final int words;
    private final int total;
    /** Events written before the stream stalls or fails; total when no fault stops it. */
    private final int stopAt;
    /** Event before which the malformed line goes; -1 for none. */
    private final int garbageAt;
    /** Sent at stopAt instead of stalling, when the fault has a status; else null. */
    private final Buffer errorEvent;
    /** Close the connection at stopAt instead of stalling. */
    private final boolean resetAtStop;
    private final HttpServerRequest request;
    private final Handler<Void> onDrain = v -> pump();
    private final Handler<Long> onTimer = id -> tick();

    private long wordState;
    private int next;
    private int granted;
    private long timerId = -1;
    private boolean finished;

    SseStream(Vertx vertx, HttpServerRequest req, Stats stats, Pace pace, AsciiString requestId,
            MessageRequest request, Reply reply, Fault fault) {
        this.vertx = vertx;
        this.request = req;
        this.response = req.response();
        this.stats = stats;
        this.pace = pace;
        this.words = reply.words();
        this.wordState = reply.seed();
        this.total = PREAMBLE + words + TRAILER;
        this.messageStart = Wire.messageStart(Ids.messageId(), request.model(), request.inputTokens());
        this.messageDelta = Wire.messageDelta(reply.stopReason(), words);
        boolean stops = fault != null && fault.stallAfterEvents() >= 0;
        this.stopAt = stops ? Math.min(fault.stallAfterEvents(), total) : total;
        this.garbageAt = fault != null && fault.malformedSse() ? total / 2 : -1;
        this.errorEvent = stops && fault.status() != 0 ? errorEvent(fault.status(), requestId) : null;
        this.resetAtStop = stops && fault.resetConnection();
        response.headers().add(Http.CONTENT_TYPE, Http.EVENT_STREAM).add(Http.CACHE_CONTROL, Http.NO_CACHE)
                .add(Http.REQUEST_ID, requestId);
    }

    void start() {
        response.setChunked(true);
        response.exceptionHandler(Http.IGNORE);
        response.closeHandler(v -> cancelled());
        stats.streamsStarted.increment();
        if (stopAt == 0) {
            response.writeHead(); // nothing else may go out, but the client must see the 200
        }
        granted = PREAMBLE;
        long first = pace.firstDelayMs();
        if (first == 0) {
            tick();
            first = pace.periodMs();
        } else {
            pump();
        }
        if (!finished && granted < total && next < stopAt) {
            timerId = pace.instant()
                    ? vertx.setTimer(first, onTimer)
                    : vertx.setPeriodic(first, pace.periodMs(), onTimer);
        }
    }

    private void tick() {
        granted = (int) Math.min(total, (long) granted + pace.perTick());
        if (granted >= PREAMBLE + words) {
            granted = total; // the trailer follows the last delta at once, as the API does
            stopTimer();
        }
        pump();
    }

    private void pump() {
        int limit = Math.min(granted, stopAt);
        while (!finished && next < limit) {
            if (response.writeQueueFull()) {
                response.drainHandler(onDrain);
                return;
            }
            if (next == garbageAt) {
                response.write(Wire.MALFORMED);
            }
            write(next++);
        }
        if (!finished && next == stopAt && stopAt < total) {
            stopTimer();
            if (errorEvent != null) {
                finished = true;
                response.end(errorEvent);
            } else if (resetAtStop) {
                finished = true; // our own close is no cancellation by the client
                Http.reset(request);
            }
        }
    }

    private void write(int event) {
        if (event == 0) {
            response.write(messageStart);
        } else if (event == 1) {
            response.write(Wire.CONTENT_BLOCK_START);
        } else if (event == 2) {
            response.write(Wire.PING);
        } else if (event < PREAMBLE + words) {
            wordState = Words.next(wordState);
            int word = Words.word(wordState);
            response.write(event == PREAMBLE ? Words.FIRST_DELTA[word] : Words.NEXT_DELTA[word]);
        } else if (event == PREAMBLE + words) {
            response.write(Wire.CONTENT_BLOCK_STOP);
        } else if (event == PREAMBLE + words + 1) {
            response.write(messageDelta);
        } else {
            finished = true;
            stopTimer();
            stats.streamsCompleted.increment();
            response.end(Wire.MESSAGE_STOP);
        }
    }

    private void cancelled() {
        if (!finished) {
            finished = true;
            stopTimer();
            stats.streamsCancelled.increment();
        }
    }

    private void stopTimer() {
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private static Buffer errorEvent(int status, AsciiString requestId) {
        ErrorType type = Faults.errorType(status);
        return Buffer.buffer(ErrorBodies.sseEvent(type, Faults.message(status), requestId.toString()));
    }
}
