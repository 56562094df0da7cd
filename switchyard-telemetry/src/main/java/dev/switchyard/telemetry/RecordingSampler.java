package dev.switchyard.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The export decision is the configured one; a span it drops is still recorded (not exported), because
 * the recent-trace store decides what it keeps only once a trace has ended: errors always.
 */
final class RecordingSampler implements Sampler {
    private final Sampler exported;

    RecordingSampler(Sampler exported) {
        this.exported = exported;
    }

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
            Attributes attributes, List<LinkData> links) {
        SamplingResult result = exported.shouldSample(parent, traceId, name, kind, attributes, links);
        return result.getDecision() == SamplingDecision.DROP ? SamplingResult.recordOnly() : result;
    }

    @Override
    public String getDescription() {
        return "RecordingSampler{" + exported.getDescription() + "}";
    }
}
