package dev.switchyard.telemetry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} takes in each second of a monotonic clock (fixed windows, not a sliding one).
 *
 * <p>Concurrency: one atomic word holds the window (high bits) and the takes in it (low 20 bits), so a take
 * is one compare-and-set and a refusal, the common case under load, one read. A caller whose clock reading
 * is older than the window already begun counts in that window.
 */
final class RecordingBudget {
    private static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final long origin;
    private final AtomicLong state = new AtomicLong();

    RecordingBudget(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1 || perSecond > COUNT_MASK) {
            throw new IllegalArgumentException("perSecond must be between 1 and " + COUNT_MASK + ", got "
                    + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
    }

    int perSecond() {
        return perSecond;
    }

    boolean tryTake() {
        long window = (nanoTime.getAsLong() - origin) / SECOND;
        while (true) {
            long s = state.get();
            long next;
            if (window > s >>> COUNT_BITS) {
                next = (window << COUNT_BITS) | 1;
            } else if ((s & COUNT_MASK) >= perSecond) {
                return false;
            } else {
                next = s + 1;
            }
            if (state.compareAndSet(s, next)) {
                return true;
            }
        }
    }
}
