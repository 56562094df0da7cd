package dev.switchyard.usage;

import java.time.Instant;

/**
 * One request, as the usage ledger keeps it. No key material: {@code keyId} is the key's id.
 * {@code ttftMillis} is -1 when no first token was sent (non-streaming or failed).
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
        boolean cacheHit) {}
