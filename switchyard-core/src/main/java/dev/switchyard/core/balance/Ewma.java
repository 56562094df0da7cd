package dev.switchyard.core.balance;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Exponentially weighted moving average, lock-free so completions on several event loops can
 * record into it without contention beyond a CAS retry.
 */
public final class Ewma {
    // NaN bits mark "no sample yet"; record() rejects NaN so it can never be a real value.
    private static final long EMPTY = Double.doubleToRawLongBits(Double.NaN);

    private final double alpha;
    private final AtomicLong bits = new AtomicLong(EMPTY);

    /** @param alpha weight of each new sample, in (0, 1]; higher reacts faster, smooths less. */
    public Ewma(double alpha) {
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    /** Folds in one sample; the first sample becomes the value outright. */
    public void record(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("sample must be finite, got " + value);
        }
        long seen;
        long updated;
        do {
            seen = bits.get();
            double next = seen == EMPTY
                    ? value
                    : Double.longBitsToDouble(seen) + alpha * (value - Double.longBitsToDouble(seen));
            updated = Double.doubleToRawLongBits(next);
        } while (!bits.compareAndSet(seen, updated));
    }

    /** The current average, or 0 before the first sample (what {@link Endpoint} calls unknown). */
    public double value() {
        long current = bits.get();
        return current == EMPTY ? 0.0 : Double.longBitsToDouble(current);
    }
}
