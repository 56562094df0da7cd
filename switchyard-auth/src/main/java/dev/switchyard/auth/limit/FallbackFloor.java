package dev.switchyard.auth.limit;

import java.util.List;

/**
 * What a replica last heard from Redis about a scope set's shared rates, turned into the starting point of
 * the local fallback for it, so that a decision taken locally while Redis is slow is a share of what Redis
 * had left, not a fresh bucket.
 *
 * <p>Why: a request whose grant timed out is decided by the {@link LocalLimiter}, which enforces
 * {@code limit / replicas} per replica. With a fresh local bucket each replica could let a whole share
 * through although Redis had just refused the key (the four-replica test admitted 750 where 620 could
 * pass: most fallbacks came while the key was at its limit). Each grant reports, per scope, how far the
 * shared theoretical arrival time (GCRA) was ahead of Redis's now, {@code ahead}: what is left is
 * {@code (window - ahead) / interval}. The local bucket enforces {@code interval * replicas}; starting it at
 * least {@code ahead} ahead of the local time the report arrived leaves this replica
 * {@code left / replicas}, refilling at {@code 1 / replicas} of the shared rate. Replicas that fall back
 * together thus share what was left instead of each adding a share to what Redis admits; a key at its
 * limit stays refused; a report older than the window has no effect (the whole share, as when Redis is
 * down). The time of arrival, not of Redis's decision, is used: refill during the reply's trip is not
 * counted, which errs on the safe side.
 *
 * <p>Guarded by its {@link Allowance}'s lock. Only the newest report by Redis time is kept (a late reply can
 * arrive after a newer one).
 */
final class FallbackFloor {
    private final double[] rpmAhead;
    private final double[] tpmAhead;
    private long redisMicros = Long.MIN_VALUE;
    private double localMicros;

    FallbackFloor(int scopes) {
        this.rpmAhead = new double[scopes];
        this.tpmAhead = new double[scopes];
    }

    /**
     * A grant's report: Redis's time, and per scope the rpm and tpm theoretical arrival times it left (0 for a
     * rate the scope does not have); {@code localNowMicros} is this process's clock when it arrived. False
     * (and ignored) when older than the report kept.
     */
    boolean reported(long redisNowMicros, double localNowMicros, long[] rpmTat, long[] tpmTat) {
        if (redisNowMicros < redisMicros) {
            return false;
        }
        redisMicros = redisNowMicros;
        localMicros = localNowMicros;
        for (int i = 0; i < rpmAhead.length; i++) {
            rpmAhead[i] = Math.max(0, rpmTat[i] - redisNowMicros);
            tpmAhead[i] = Math.max(0, tpmTat[i] - redisNowMicros);
        }
        return true;
    }

    /** Raises the local rate state of {@code scopes} (this floor's scope set, in order) to the report's. */
    void applyTo(LocalLimiter local, List<Scope> scopes) {
        if (redisMicros == Long.MIN_VALUE) {
            return;
        }
        for (int i = 0; i < scopes.size(); i++) {
            local.floor(scopes.get(i).name(), localMicros + rpmAhead[i], localMicros + tpmAhead[i]);
        }
    }
}
