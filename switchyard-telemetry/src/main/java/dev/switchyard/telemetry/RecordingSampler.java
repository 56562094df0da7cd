package dev.switchyard.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The export decision is the configured one; a span it drops is still recorded (not exported), because
 * the recent-trace store decides what it keeps only once a trace has ended: errors always. Recording costs
 * every request (about a tenth of the quick start's CPU per request), so beyond the export's own, at most
 * {@code perSecond} new traces a second are recorded; a span inside this process follows its parent.
 */
final class RecordingSampler implements Sampler {
    private final Sampler exported;
    private final RecordingBudget budget;

    /** {@code perSecond} 0: every trace is recorded. */
    RecordingSampler(Sampler exported, int perSecond, LongSupplier nanoTime) {
        this.exported = exported;
        this.budget = perSecond > 0 ? new RecordingBudget(perSecond, nanoTime) : null;
    }

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
            Attributes attributes, List<LinkData> links) {
        SamplingResult result = exported.shouldSample(parent, traceId, name, kind, attributes, links);
        if (result.getDecision() != SamplingDecision.DROP) {
            return result;
        }
        Span parentSpan = Span.fromContext(parent);
        SpanContext parentContext = parentSpan.getSpanContext();
        boolean localChild = parentContext.isValid() && !parentContext.isRemote();
        boolean record = localChild ? parentSpan.isRecording() : budget == null || budget.tryTake();
        return record ? SamplingResult.recordOnly() : result;
    }

    @Override
    public String getDescription() {
        return "RecordingSampler{" + exported.getDescription()
                + (budget == null ? "" : ", " + budget.perSecond() + " traces/s") + "}";
    }
}
