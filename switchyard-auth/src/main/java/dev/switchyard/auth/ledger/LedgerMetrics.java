package dev.switchyard.auth.ledger;

/**
 * Meter names of the usage ledger (Prometheus shows them as {@code switchyard_ledger_*}, counters with
 * {@code _total}). Every record ends in exactly one of written, replayed (after being spilled) or dropped;
 * duplicates counts records the database already had (a replay of something committed before).
 */
public final class LedgerMetrics {
    /** Records waiting for the writer. */
    public static final String QUEUE_DEPTH = "switchyard.ledger.queue.depth";
    /** Records waiting for the spill thread (the main queue was full). */
    public static final String SPILL_QUEUE_DEPTH = "switchyard.ledger.spill.queue.depth";
    /** Records committed from the queue. */
    public static final String WRITTEN = "switchyard.ledger.written";
    /** Records written to spill files. */
    public static final String SPILLED = "switchyard.ledger.spilled";
    /** Records committed from spill files. */
    public static final String REPLAYED = "switchyard.ledger.replayed";
    /** Committed records that were already stored (same request id): not counted twice in spend. */
    public static final String DUPLICATES = "switchyard.ledger.duplicates";
    /** Failed batch writes (the batch is spilled) and failed checks whether the database answers again. */
    public static final String WRITE_FAILURES = "switchyard.ledger.write.failures";
    /** Records lost: both queues full, spill file unwritable, a corrupt spill line, or refused by the database. */
    public static final String DROPPED = "switchyard.ledger.dropped";

    private LedgerMetrics() {}
}
