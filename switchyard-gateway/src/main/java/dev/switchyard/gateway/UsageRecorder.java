package dev.switchyard.gateway;

import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.secret.KeyRedaction;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.usage.UsageRecord;
import dev.switchyard.usage.UsageSink;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of the messages path, whatever happened before: gives back what admission held
 * (settled with the real usage), writes one usage-ledger record and counts tokens. An observer: it
 * never fails the request.
 */
final class UsageRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

    private final UsageSink sink;
    private final PriceTable prices;
    private final GatewayMeters meters;
    private final Clock clock;

    UsageRecorder(UsageSink sink, PriceTable prices, GatewayMeters meters, Clock clock) {
        this.sink = sink;
        this.prices = prices;
        this.meters = meters;
        this.clock = clock;
    }

    void finish(Exchange ex, int status) {
        try {
            Usage u = ex.usage == null ? new Usage() : ex.usage;
            String served = "-".equals(ex.model) ? ex.modelAsked : ex.model;
            TokenUsage used = new TokenUsage(served, u.inputTokens, u.outputTokens, u.cacheCreationTokens,
                    u.cacheReadTokens);
            if (ex.admission != null) {
                // A cache hit used nothing upstream: its admission gives everything back.
                ex.admission.settle(ex.cacheHit ? TokenUsage.none(served) : used);
            }
            if (ex.usage != null && served != null) {
                meters.tokens(served, u.inputTokens, u.outputTokens);
            }
            if (sink != UsageSink.NONE && ex.principal != null && ex.modelAsked != null) {
                sink.record(record(ex, status, used));
            }
        } catch (RuntimeException e) {
            LOG.warn("request_id={} usage recording failed: {}", ex.requestId, e.toString());
        }
    }

    private UsageRecord record(Exchange ex, int status, TokenUsage used) {
        long now = System.nanoTime();
        long ttft = ex.firstTokenNanos > 0 ? (ex.firstTokenNanos - ex.startNanos) / 1_000_000 : -1;
        // model ids are the client's text: a key sent as one must not be kept in the ledger
        return new UsageRecord(clock.instant(), ex.requestId, ex.principal.keyId(), ex.principal.tenantId(),
                ex.principal.userId(), KeyRedaction.redact(ex.modelAsked), KeyRedaction.redact(used.servedModel()),
                "-".equals(ex.deployment) ? null : ex.deployment, used.inputTokens(), used.outputTokens(), used.cacheCreationTokens(),
                used.cacheReadTokens(), ex.cacheHit ? 0 : prices.costMicros(used), (now - ex.startNanos) / 1_000_000, ttft,
                status, Math.max(0, ex.attempts - 1), ex.fallback, ex.cacheHit, ex.cacheHit ? prices.costMicros(used) : 0);
    }
}
