package dev.switchyard.gateway;

import dev.switchyard.core.telemetry.TraceNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import dev.switchyard.auth.Admission;
import dev.switchyard.auth.Principal;
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
            MessagesRequest req = ex.get(ParseStep.REQUEST);
            Principal principal = ex.get(AuthenticateStep.PRINCIPAL);
            Usage found = ex.get(UsageTapStep.USAGE);
            Usage u = found == null ? new Usage() : found;
            String asked = req == null ? null : req.model();
            String served = "-".equals(ex.model) ? asked : ex.model;
            boolean cacheHit = ex.has(CacheStep.HIT);
            TokenUsage used = new TokenUsage(served, u.inputTokens, u.outputTokens, u.cacheCreationTokens,
                    u.cacheReadTokens);
            long cost = served == null ? 0 : prices.costMicros(used); // no model: nothing to price
            Admission admission = ex.get(AdmissionStep.ADMISSION);
            if (admission != null) {
                // A cache hit used nothing upstream: its admission gives everything back.
                admission.settle(cacheHit ? TokenUsage.none(served) : used);
            }
            if (found != null && served != null) {
                meters.tokens(served, u.inputTokens, u.outputTokens);
                meters.cost(served, cacheHit ? 0 : cost);
                streamSpeed(ex, served, u.outputTokens);
                if (principal != null) {
                    meters.tenantUsage(principal.tenantId(), u.inputTokens, u.outputTokens, cacheHit ? 0 : cost);
                }
            }
            if (ex.traced()) {
                describe(ex.span, asked, served, u, cacheHit, principal, ex.has(UsageTapStep.FIRST_TOKEN));
            }
            if (sink != UsageSink.NONE && principal != null && asked != null) {
                sink.record(record(ex, principal, asked, status, used, cost, cacheHit));
            }
        } catch (RuntimeException e) {
            LOG.warn("request_id={} trace_id={} usage recording failed: {}", ex.requestId, ex.traceId(), e.toString());
        }
    }

    /** The request's span gets what the ledger row gets, in GenAI attribute names; model ids redacted alike. */
    private static void describe(Span span, String asked, String served, Usage u, boolean cacheHit, Principal principal,
            boolean streamed) {
        span.setAttribute(TraceNames.GEN_AI_SYSTEM, TraceNames.GEN_AI_SYSTEM_ANTHROPIC);
        if (asked != null) {
            span.setAttribute(TraceNames.GEN_AI_REQUEST_MODEL, KeyRedaction.redact(asked));
        }
        if (served != null) {
            span.setAttribute(TraceNames.GEN_AI_RESPONSE_MODEL, KeyRedaction.redact(served));
        }
        span.setAttribute(TraceNames.GEN_AI_INPUT_TOKENS, u.inputTokens);
        span.setAttribute(TraceNames.GEN_AI_OUTPUT_TOKENS, u.outputTokens);
        span.setAttribute(TraceNames.CACHE_HIT, cacheHit);
        if (streamed) {
            span.addEvent(TraceNames.EVENT_STREAM_END, Attributes.of(TraceNames.GEN_AI_INPUT_TOKENS, u.inputTokens,
                    TraceNames.GEN_AI_OUTPUT_TOKENS, u.outputTokens));
        }
        if (principal != null) {
            span.setAttribute(TraceNames.TENANT_ID, principal.tenantId());
            span.setAttribute(TraceNames.KEY_ID, principal.keyId());
        }
    }

    private void streamSpeed(Exchange ex, String served, long outputTokens) {
        Long first = ex.get(UsageTapStep.FIRST_TOKEN);
        if (first != null) {
            meters.streamSpeed(served, ex.deployment, outputTokens, System.nanoTime() - first);
        }
    }

    private UsageRecord record(Exchange ex, Principal principal, String asked, int status, TokenUsage used,
            long cost, boolean cacheHit) {
        long now = System.nanoTime();
        Long first = ex.get(UsageTapStep.FIRST_TOKEN);
        long ttft = first != null ? (first - ex.startNanos) / 1_000_000 : -1;
        UpstreamStep.Routed routed = ex.get(UpstreamStep.ROUTED);
        int attempts = routed == null ? 0 : routed.attempts();
        boolean fallback = routed != null && routed.fallback();
        FilterFindings findings = ex.get(FilterStep.FINDINGS);
        // model ids are the client's text: a key sent as one must not be kept in the ledger
        return new UsageRecord(clock.instant(), ex.requestId, principal.keyId(), principal.tenantId(),
                principal.userId(), KeyRedaction.redact(asked), KeyRedaction.redact(used.servedModel()),
                "-".equals(ex.deployment) ? null : ex.deployment, used.inputTokens(), used.outputTokens(),
                used.cacheCreationTokens(), used.cacheReadTokens(), cacheHit ? 0 : cost,
                (now - ex.startNanos) / 1_000_000, ttft, status, Math.max(0, attempts - 1), fallback, cacheHit,
                cacheHit ? cost : 0, findings == null ? null : findings.summary(), ex.inTrace() ? ex.traceId() : null);
    }
}
