package dev.switchyard.bench;

import java.util.Arrays;

/** Every latency of a run, appended from any thread; a few thousand a second, so a lock is cheap enough. */
final class LatencyRecorder {
    private long[] values = new long[4096];
    private int size;

    synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized Percentiles.Summary summary() {
        return Percentiles.summarize(Arrays.copyOf(values, size));
    }
}
