package dev.switchyard.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.telemetry.TraceNames;
import dev.switchyard.telemetry.RecentTraces.StoredTrace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of {@code GET /admin/traces} (one summary per trace, newest first) and of
 * {@code GET /admin/traces/{trace_id}} (the span tree, offsets and durations in milliseconds from the
 * trace's first span).
 */
public final class TraceViews {
    private TraceViews() {}

    public static ObjectNode list(List<StoredTrace> traces) {
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode data = out.putArray("data");
        for (StoredTrace t : traces) {
            List<KeptSpan> spans = t.spans();
            KeptSpan root = root(spans);
            long start = start(spans);
            ObjectNode row = data.addObject().put("trace_id", t.traceId()).put("name", root.name())
                    .put("start", Instant.ofEpochSecond(0, start).toString())
                    .put("duration_ms", millis(end(spans) - start))
                    .put("status", failed(spans) ? "error" : "ok").put("span_count", spans.size());
            Long status = root.attributes().get(TraceNames.HTTP_STATUS);
            if (status != null) {
                row.put("http_status", status);
            }
            String model = root.attributes().get(TraceNames.GEN_AI_REQUEST_MODEL);
            if (model != null) {
                row.put("model", model);
            }
        }
        return out;
    }

    public static ObjectNode tree(StoredTrace trace) {
        List<KeptSpan> spans = new ArrayList<>(trace.spans());
        spans.sort(Comparator.comparingLong(KeptSpan::startEpochNanos));
        long start = start(spans);
        Map<String, List<KeptSpan>> children = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (KeptSpan s : spans) {
            ids.add(s.spanId());
        }
        List<KeptSpan> tops = new ArrayList<>();
        for (KeptSpan s : spans) {
            String parent = s.parentSpanId();
            if (parent == null || !ids.contains(parent)) {
                tops.add(s);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
            }
        }
        ObjectNode out = Json.mapper().createObjectNode().put("trace_id", trace.traceId());
        ArrayNode top = out.putArray("spans");
        for (KeptSpan s : tops) {
            span(top.addObject(), s, children, start);
        }
        return out;
    }

    private static void span(ObjectNode node, KeptSpan s, Map<String, List<KeptSpan>> children, long origin) {
        node.put("span_id", s.spanId());
        if (s.parentSpanId() != null) {
            node.put("parent_span_id", s.parentSpanId());
        } else {
            node.putNull("parent_span_id");
        }
        node.put("name", s.name()).put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("start_offset_ms", millis(s.startEpochNanos() - origin))
                .put("duration_ms", millis(s.endEpochNanos() - s.startEpochNanos()))
                .put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
        attributes(node.putObject("attributes"), s.attributes());
        ArrayNode events = node.putArray("events");
        for (EventData e : s.events()) {
            ObjectNode event = events.addObject().put("name", e.getName())
                    .put("offset_ms", millis(e.getEpochNanos() - origin));
            attributes(event.putObject("attributes"), e.getAttributes());
        }
        ArrayNode kids = node.putArray("children");
        for (KeptSpan c : children.getOrDefault(s.spanId(), List.of())) {
            span(kids.addObject(), c, children, origin);
        }
    }

    private static void attributes(ObjectNode node, Attributes attributes) {
        attributes.forEach((AttributeKey<?> k, Object v) -> {
            switch (v) {
                case Long l -> node.put(k.getKey(), l);
                case Double d -> node.put(k.getKey(), d);
                case Boolean b -> node.put(k.getKey(), b);
                default -> node.put(k.getKey(), String.valueOf(v));
            }
        });
    }

    private static KeptSpan root(List<KeptSpan> spans) {
        for (KeptSpan s : spans) {
            if (s.localRoot()) {
                return s;
            }
        }
        return spans.get(0);
    }

    private static boolean failed(List<KeptSpan> spans) {
        for (KeptSpan s : spans) {
            if (s.failed()) {
                return true;
            }
        }
        return false;
    }

    private static long start(List<KeptSpan> spans) {
        long start = Long.MAX_VALUE;
        for (KeptSpan s : spans) {
            start = Math.min(start, s.startEpochNanos());
        }
        return start;
    }

    private static long end(List<KeptSpan> spans) {
        long end = 0;
        for (KeptSpan s : spans) {
            end = Math.max(end, s.endEpochNanos());
        }
        return end;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
