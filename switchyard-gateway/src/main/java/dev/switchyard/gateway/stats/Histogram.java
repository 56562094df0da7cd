package dev.switchyard.gateway.stats;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Cumulative bucket counts of one or more timers (same-named timers of several tag sets are added bucket by
 * bucket), in milliseconds. The difference of two readings is the histogram of what was recorded between them,
 * which is how a window's quantile comes out of timers that only ever count up.
 */
public final class Histogram {
    /** Upper bound in ms to the number of values at or below it. */
    private final TreeMap<Double, Double> atOrBelow;
    private final double count;

    private Histogram(TreeMap<Double, Double> atOrBelow, double count) {
        this.atOrBelow = atOrBelow;
        this.count = count;
    }

    static Histogram of(Collection<Timer> timers) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0;
        for (Timer t : timers) {
            var snapshot = t.takeSnapshot();
            count += snapshot.count();
            for (CountAtBucket b : snapshot.histogramCounts()) {
                buckets.merge(b.bucket(TimeUnit.MILLISECONDS), b.count(), Double::sum);
            }
        }
        return new Histogram(buckets, count);
    }

    /** What was recorded since {@code before}; a count that went down (a meter removed) counts as none. */
    Histogram minus(Histogram before) {
        TreeMap<Double, Double> diff = new TreeMap<>();
        for (Map.Entry<Double, Double> e : atOrBelow.entrySet()) {
            diff.put(e.getKey(), Math.max(0, e.getValue() - before.atOrBelow.getOrDefault(e.getKey(), 0.0)));
        }
        return new Histogram(diff, Math.max(0, count - before.count));
    }

    /**
     * The {@code q} quantile, interpolated inside the bucket it falls in; null when nothing was recorded or the
     * timers keep no buckets. Past the last bucket the answer is the last bound (the histogram knows no more).
     */
    Double quantileMillis(double q) {
        if (count <= 0 || atOrBelow.isEmpty()) {
            return null;
        }
        double rank = q * count;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : atOrBelow.entrySet()) {
            if (e.getValue() >= rank && e.getValue() > lowerCount) {
                double share = (rank - lowerCount) / (e.getValue() - lowerCount);
                return lowerBound + (e.getKey() - lowerBound) * share;
            }
            lowerBound = e.getKey();
            lowerCount = Math.max(lowerCount, e.getValue());
        }
        return atOrBelow.lastKey();
    }
}
