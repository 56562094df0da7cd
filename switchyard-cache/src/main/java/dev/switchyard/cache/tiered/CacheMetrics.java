package dev.switchyard.cache.tiered;

/**
 * Names and tags of the cache's meters, in one place so dashboards and code agree. The hit ratio of a
 * tier is {@code hits{tier} / (hits{tier} + misses{tier})}; the overall ratio is
 * {@code sum(hits) / (hits{l1} + misses{l1})}, since every lookup starts in L1. Redis nodes are tagged
 * by their index in the configured list, never by URL (URLs may hold passwords).
 */
public final class CacheMetrics {

    /** Lookups answered by a tier. Tags: {@link #TIER}, {@link #KIND}. */
    public static final String HITS = "switchyard.cache.hits";
    /** Lookups a tier could not answer (an L2 error or an open breaker is a miss too). Tags: {@link #TIER}, {@link #KIND}. */
    public static final String MISSES = "switchyard.cache.misses";
    /** Redis calls that failed or timed out: the breaker's failures. Tag {@link #NODE}. */
    public static final String L2_ERRORS = "switchyard.cache.l2.errors";
    /** Redis calls not made because the node's breaker was open. Tag {@link #NODE}. */
    public static final String L2_SHORT_CIRCUITED = "switchyard.cache.l2.short_circuited";
    /** Writes (put, delete) to L2 given up: the node was down, slow or its breaker open. Tags {@link #OP}, {@link #NODE}. */
    public static final String L2_DROPPED = "switchyard.cache.l2.dropped";
    /** Values in L2 that could not be read (corrupt, unknown format): treated as misses and deleted. */
    public static final String L2_CORRUPT = "switchyard.cache.l2.corrupt";
    /**
     * Keys per Redis node (gauge), from a periodic DBSIZE: the whole database's keys, not only the cache's.
     * Independent nodes only; not provided for a Redis Cluster. Tag {@link #NODE}.
     */
    public static final String L2_KEYS = "switchyard.cache.l2.keys";
    /** L1 weight in bytes (gauge): values plus an estimate of keys and overhead. */
    public static final String L1_BYTES = "switchyard.cache.l1.bytes";
    /** L1 entries (gauge). */
    public static final String L1_ENTRIES = "switchyard.cache.l1.entries";
    /** L1 entries evicted for size (not expiry). */
    public static final String L1_EVICTIONS = "switchyard.cache.l1.evictions";

    public static final String TIER = "tier";
    public static final String TIER_L1 = "l1";
    public static final String TIER_L2 = "l2";
    public static final String KIND = "kind";
    public static final String NODE = "node";
    public static final String OP = "op";
    public static final String OP_PUT = "put";
    public static final String OP_DELETE = "delete";

    private CacheMetrics() {}
}
