package dev.switchyard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** The tally of many {@link StreamCall}s: outcomes, concurrency, time to first token and duration. */
final class StreamLoad {
    private static final int SAMPLES = 5;

    final LatencyRecorder ttft = new LatencyRecorder();
    final LatencyRecorder durations = new LatencyRecorder();
    final LatencyRecorder headers = new LatencyRecorder();
    final AtomicInteger launched = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger peakOpen = new AtomicInteger();
    final LongAdder events = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sampled = new AtomicInteger();

    /** Starts a stream for slot {@code due} on the next event loop. */
    void launch(Loops loops, HttpClientAgent client, Target target, long idleMillis, long due, Buffer body,
            Expected expected) {
        launched.incrementAndGet();
        loops.execute(() -> StreamCall.start(client, target, body, idleMillis, due,
                new StreamChecker(expected.text(), expected.tokens()), this::opened, this::done));
    }

    private void opened(StreamCall call) {
        int now = open.incrementAndGet();
        peakOpen.accumulateAndGet(now, Math::max);
    }

    private void done(StreamCall call) {
        if (call.opened) {
            open.decrementAndGet();
        }
        events.add(call.events());
        if (call.ok()) {
            completed.incrementAndGet();
            ttft.record(call.firstDeltaAt - call.due);
            headers.record(call.headersAt - call.due);
            durations.record(call.endAt - call.due);
        } else {
            errors.computeIfAbsent(call.errorKind, k -> new LongAdder()).increment();
            if (sampled.getAndIncrement() < SAMPLES) {
                samples.add(call.error);
            }
        }
        finished.incrementAndGet();
    }

    /** Waits until every launched stream finished or the deadline passed; true when all finished. */
    boolean await(long deadlineNanos) {
        while (finished.get() < launched.get() && System.nanoTime() - deadlineNanos < 0) {
            LockSupport.parkNanos(20_000_000);
        }
        return finished.get() >= launched.get();
    }

    int errorCount() {
        return errors.values().stream().mapToInt(LongAdder::intValue).sum();
    }

    /** {@code kind:count,kind:count}, spaces replaced so that run.sh reads it as one value. */
    String errorKinds() {
        Map<String, Long> sorted = new TreeMap<>();
        errors.forEach((k, v) -> sorted.put(k, v.longValue()));
        return sorted.isEmpty() ? "none" : String.join(",", sorted.entrySet().stream()
                .map(e -> e.getKey().replace(' ', '_') + ":" + e.getValue()).toList());
    }

    List<String> samples() {
        return List.copyOf(samples);
    }
}
