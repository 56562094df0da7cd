package dev.switchyard.simulator;

/**
 * When a stream's text deltas go out: the first after {@code firstDelayMs}, then {@code perTick} more
 * every {@code periodMs}. Vert.x timers have millisecond resolution, so paces above 1000 tokens/s send
 * several deltas per 1 ms tick; {@code instant} sends them all when the first is due.
 */
record Pace(long firstDelayMs, long periodMs, int perTick, boolean instant) {
    private static final double INSTANT_TOKENS_PER_SECOND = 1_000_000;

    static Pace of(SimulatorOptions options) {
        long first = options.timeToFirstToken().toMillis();
        double tps = options.tokensPerSecond();
        if (tps <= 0 || tps >= INSTANT_TOKENS_PER_SECOND) {
            return new Pace(first, 0, Integer.MAX_VALUE, true);
        }
        double intervalMs = 1000.0 / tps;
        if (intervalMs >= 1) {
            return new Pace(first, Math.round(intervalMs), 1, false);
        }
        return new Pace(first, 1, (int) Math.round(tps / 1000), false);
    }
}
