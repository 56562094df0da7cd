package dev.switchyard.cluster.auth;

import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.usage.UsageRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the auth role's calls travel. {@link Principal}, its {@code Quota}s, {@link AdmissionRequest} and
 * {@link TokenUsage} are records Jackson round-trips as they are (the cache policy enum by its name);
 * {@code Admission} is an interface, so it travels as a {@link Grant}; {@link UsageRecord} holds an
 * {@link Instant}, which the shared mapper has no module for, so it travels as a {@link Usage}.
 */
final class AuthWire {
    static final String ROLE = "auth";
    static final String AUTHENTICATE = "authenticate";
    static final String ADMIT = "admit";
    static final String SETTLE = "settle";
    static final String RECORD = "record";

    private AuthWire() {}

    /** The key as the client sent it, or null. Its {@code toString} never shows it. */
    record Credential(String credential) {
        @Override
        public String toString() {
            return "Credential[<redacted>]";
        }
    }

    record Admit(Principal who, AdmissionRequest request) {}

    /** A live admission held by the serving instance under {@code grantId} until settled. */
    record Grant(String grantId, Map<String, String> headers) {
        Grant {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }

    record Settle(String grantId, TokenUsage used) {}

    /** Records sent together; a batch sent again after a cut carries the same id, so it is taken once. */
    record UsageBatch(String batchId, List<Usage> records) {
        UsageBatch {
            records = records == null ? List.of() : List.copyOf(records);
        }
    }

    /** A {@link UsageRecord} with its time as ISO-8601 text (nanoseconds kept). */
    record Usage(String time, String requestId, String keyId, String tenantId, String userId, String modelAsked,
            String modelServed, String deployment, long inputTokens, long outputTokens, long cacheCreationTokens,
            long cacheReadTokens, long costMicros, long latencyMillis, long ttftMillis, int status, int retries,
            boolean fallback, boolean cacheHit, long savedMicros, String filter, String traceId) {

        static Usage of(UsageRecord r) {
            return new Usage(r.time() == null ? null : r.time().toString(), r.requestId(), r.keyId(), r.tenantId(),
                    r.userId(), r.modelAsked(), r.modelServed(), r.deployment(), r.inputTokens(), r.outputTokens(),
                    r.cacheCreationTokens(), r.cacheReadTokens(), r.costMicros(), r.latencyMillis(), r.ttftMillis(),
                    r.status(), r.retries(), r.fallback(), r.cacheHit(), r.savedMicros(), r.filter(), r.traceId());
        }

        /** @throws java.time.format.DateTimeParseException when {@code time} is not an instant */
        UsageRecord toRecord() {
            return new UsageRecord(time == null ? null : Instant.parse(time), requestId, keyId, tenantId, userId,
                    modelAsked, modelServed, deployment, inputTokens, outputTokens, cacheCreationTokens,
                    cacheReadTokens, costMicros, latencyMillis, ttftMillis, status, retries, fallback, cacheHit,
                    savedMicros, filter, traceId);
        }
    }
}
