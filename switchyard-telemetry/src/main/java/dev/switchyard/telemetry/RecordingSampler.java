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
 * Which spans are recorded where the recent-trace store takes them. The store decides what it keeps only
 * once a trace has ended (errors always), so a trace the export would drop is still recorded. Recording
 * every request took 7 % of the quick start's event-loop CPU, so beyond what is exported and what a client
 * sampled, at most {@code perSecond} new traces a second are recorded; the others make no spans, only
 * context, flagged not sampled. Without an exporter the export sampler's decision only sets that flag, and
 * it is the budget that decides. A span inside this process follows its parent.
 */
final class RecordingSampler implements Sampler {
    private final Sampler exported;
    private final boolean exporting;
    private final RecordingBudget budget;

    /** {@code exporting}: something takes the sampled spans besides the store; {@code perSecond} 0: no budget. */
    RecordingSampler(Sampler exported, boolean exporting, int perSecond, LongSupplier nanoTime) {
        this.exported = exported;
        this.exporting = exporting;
        this.budget = perSecond > 0 ? new RecordingBudget(perSecond, nanoTime) : null;
    }

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
            Attributes attributes, List<LinkData> links) {
        SamplingResult result = exported.shouldSample(parent, traceId, name, kind, attributes, links);
        boolean dropped = result.getDecision() == SamplingDecision.DROP;
        Span parentSpan = Span.fromContext(parent);
        SpanContext parentContext = parentSpan.getSpanContext();
        if (parentContext.isValid() && !parentContext.isRemote()) {
            return !dropped || !parentSpan.isRecording() ? result : SamplingResult.recordOnly();
        }
        boolean clientSampled = parentContext.isValid() && parentContext.isSampled();
        if (clientSampled || exporting && !dropped) {
            return result;
        }
        if (budget != null && !budget.tryTake()) {
            return SamplingResult.drop();
        }
        return dropped ? SamplingResult.recordOnly() : result;
    }

    @Override
    public String getDescription() {
        return "RecordingSampler{" + exported.getDescription() + (exporting ? ", exporting" : "")
                + (budget == null ? "" : ", " + budget.perSecond() + " traces/s") + "}";
    }
}
