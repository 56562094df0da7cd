package dev.switchyard.claude;

import java.time.Instant;

/**
 * An object a deployment created for a client (a message batch, a file), remembered so that every
 * later call about it goes to that deployment and only its tenant sees it. {@code resultsRecorded}:
 * a batch's results have been written to the usage ledger once.
 */
public record UpstreamResource(String id, Kind kind, String deployment, String tenantId, String keyId,
        Instant createdAt, boolean resultsRecorded) {

    public enum Kind {
        BATCH, FILE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
