package dev.switchyard.usage;

import java.time.Instant;

/**
 * One request, as the usage ledger keeps it. No key material: {@code keyId} is the key's id.
 * {@code ttftMillis} is -1 when no first token was sent (non-streaming or failed). A cache hit costs
 * nothing ({@code costMicros} 0) and records what the upstream call would have cost in {@code savedMicros}.
 * {@code filter}: what the content filter did, as distinct {@code CATEGORY:action} pairs such as
 * {@code EMAIL:redact,PHONE:redact}, never the text; null when it found nothing. {@code traceId}: the
 * request's trace (32 hex digits), null when it was not traced.
 */
public record UsageRecord(
        Instant time,
        String requestId,
        String keyId,
        String tenantId,
        String userId,
        String modelAsked,
        String modelServed,
        String deployment,
        long inputTokens,
        long outputTokens,
        long cacheCreationTokens,
        long cacheReadTokens,
        long costMicros,
        long latencyMillis,
        long ttftMillis,
        int status,
        int retries,
        boolean fallback,
        boolean cacheHit,
        long savedMicros,
        String filter,
        String traceId) {

    /** A record without a trace id. */
    public UsageRecord(Instant time, String requestId, String keyId, String tenantId, String userId, String modelAsked,
            String modelServed, String deployment, long inputTokens, long outputTokens, long cacheCreationTokens,
            long cacheReadTokens, long costMicros, long latencyMillis, long ttftMillis, int status, int retries,
            boolean fallback, boolean cacheHit, long savedMicros, String filter) {
        this(time, requestId, keyId, tenantId, userId, modelAsked, modelServed, deployment, inputTokens, outputTokens,
                cacheCreationTokens, cacheReadTokens, costMicros, latencyMillis, ttftMillis, status, retries, fallback,
                cacheHit, savedMicros, filter, null);
    }

    /** A record without content filter findings. */
    public UsageRecord(Instant time, String requestId, String keyId, String tenantId, String userId, String modelAsked,
            String modelServed, String deployment, long inputTokens, long outputTokens, long cacheCreationTokens,
            long cacheReadTokens, long costMicros, long latencyMillis, long ttftMillis, int status, int retries,
            boolean fallback, boolean cacheHit, long savedMicros) {
        this(time, requestId, keyId, tenantId, userId, modelAsked, modelServed, deployment, inputTokens, outputTokens,
                cacheCreationTokens, cacheReadTokens, costMicros, latencyMillis, ttftMillis, status, retries, fallback,
                cacheHit, savedMicros, null);
    }

    /** A record of a request that was not served from the cache. */
    public UsageRecord(Instant time, String requestId, String keyId, String tenantId, String userId, String modelAsked,
            String modelServed, String deployment, long inputTokens, long outputTokens, long cacheCreationTokens,
            long cacheReadTokens, long costMicros, long latencyMillis, long ttftMillis, int status, int retries,
            boolean fallback, boolean cacheHit) {
        this(time, requestId, keyId, tenantId, userId, modelAsked, modelServed, deployment, inputTokens, outputTokens,
                cacheCreationTokens, cacheReadTokens, costMicros, latencyMillis, ttftMillis, status, retries, fallback,
                cacheHit, 0);
    }
}
