package dev.switchyard.simulator;

import java.time.Duration;

/**
 * A misbehaviour the simulator applies to the next Messages and count_tokens requests that pass
 * validation (invalid requests, model list requests and {@code /_simulator} calls never use it), and to
 * the requests of a Message Batch as they are processed, where only the status counts: it makes the
 * request an errored result (files and text completions never use it). The parts combine: the latency
 * comes first, then a reset, else the status, else the normal answer shaped by the stream parts. On a
 * stream with {@code stallAfterEvents >= 0}, a status or a reset happens at that point instead of before
 * the stream: N events, then an {@code error} event that ends the stream, or the connection closed.
 *
 * @param status           answer with this status and its Anthropic error type (429 rate_limit_error,
 *                         500 api_error, 503 and 529 overloaded_error, ...); 0 = none
 * @param retryAfter       sent as {@code retry-after} seconds (rounded up) with the status; nullable
 * @param latency          added before answering; nullable
 * @param stallAfterEvents -1 = none; a stream sends this many events, then goes silent with the
 *                         connection open; a non-streaming request is never answered
 * @param resetConnection  close the connection without answering
 * @param malformedSse     a stream carries an event whose data line is {@code data: {not json} in its
 *                         middle, besides all its regular events
 * @param remaining        how many requests the fault applies to; -1 = all
 */
public record Fault(int status, Duration retryAfter, Duration latency, int stallAfterEvents,
        boolean resetConnection, boolean malformedSse, int remaining) {

    public Fault {
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 or 400..599: " + status);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        if (latency != null && latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (stallAfterEvents < -1) {
            throw new IllegalArgumentException("stallAfterEvents must be -1 or more: " + stallAfterEvents);
        }
        if (remaining < -1) {
            throw new IllegalArgumentException("remaining must be -1 or more: " + remaining);
        }
    }

    public static Fault status(int status) {
        return new Fault(status, null, null, -1, false, false, -1);
    }

    public static Fault status(int status, Duration retryAfter) {
        return new Fault(status, retryAfter, null, -1, false, false, -1);
    }

    public static Fault latency(Duration latency) {
        return new Fault(0, null, latency, -1, false, false, -1);
    }

    public static Fault stallAfter(int events) {
        return new Fault(0, null, null, events, false, false, -1);
    }

    public static Fault connectionReset() {
        return new Fault(0, null, null, -1, true, false, -1);
    }

    public static Fault malformedStream() {
        return new Fault(0, null, null, -1, false, true, -1);
    }

    /** The same fault for the next {@code count} requests only. */
    public Fault times(int count) {
        return new Fault(status, retryAfter, latency, stallAfterEvents, resetConnection, malformedSse, count);
    }

    public Fault withLatency(Duration latency) {
        return new Fault(status, retryAfter, latency, stallAfterEvents, resetConnection, malformedSse, remaining);
    }

    public Fault withRetryAfter(Duration retryAfter) {
        return new Fault(status, retryAfter, latency, stallAfterEvents, resetConnection, malformedSse, remaining);
    }

    public Fault withStallAfter(int events) {
        return new Fault(status, retryAfter, latency, events, resetConnection, malformedSse, remaining);
    }
}
