package dev.switchyard.bench;

import java.util.Arrays;

/**
 * Latency statistics over every recorded value (no histogram buckets, so no rounding): nearest-rank
 * percentiles over a sorted copy. Values are nanoseconds; {@link #ms} formats them as milliseconds.
 */
final class Percentiles {
    private Percentiles() {}

    /**
     * The nearest-rank percentile: the smallest recorded value such that at least {@code p} percent of
     * the values are less than or equal to it. {@code p} = 0 is the minimum, 100 the maximum.
     */
    static long of(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be 0..100: " + p);
        }
        if (p == 0) {
            return sorted[0];
        }
        // p * n / 100 rather than p / 100 * n, and a tolerance, so that 99.9 of 1000 is rank 999, not 1000.
        long rank = (long) Math.ceil(p * sorted.length / 100.0 - 1e-9);
        rank = Math.max(1, Math.min(rank, sorted.length));
        return sorted[(int) rank - 1];
    }

    /** Count, mean and the usual percentiles of unsorted values; the input is not modified. */
    static Summary summarize(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Summary(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Summary(sorted.length, sorted[0], of(sorted, 50), of(sorted, 90), of(sorted, 99),
                of(sorted, 99.9), sorted[sorted.length - 1], sum / sorted.length, of(sorted, 75));
    }

    static String ms(double nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }

    /** Nanosecond statistics of one run. */
    record Summary(int count, long min, long p50, long p90, long p99, long p999, long max, double mean, long p75) {
        /** {@code key=value} pairs in milliseconds, for run.sh to pick up. */
        String keyValues(String prefix) {
            return prefix + "count=" + count + " " + prefix + "p50_ms=" + ms(p50) + " " + prefix + "p90_ms=" + ms(p90)
                    + " " + prefix + "p99_ms=" + ms(p99) + " " + prefix + "p999_ms=" + ms(p999) + " " + prefix
                    + "max_ms=" + ms(max) + " " + prefix + "mean_ms=" + ms(mean);
        }

        String human() {
            return "n=" + count + "  p50 " + ms(p50) + " ms  p90 " + ms(p90) + " ms  p99 " + ms(p99) + " ms  p99.9 "
                    + ms(p999) + " ms  max " + ms(max) + " ms  (mean " + ms(mean) + " ms)";
        }
    }
}
