package dev.switchyard.telemetry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last N traces of this process, for {@code /admin/traces}. Spans collect per trace until the trace's
 * local root (a span with no parent here) ends; then the trace is kept if a client sampled it (its
 * {@code traceparent}), if any span failed, or by the configured ratio (by trace id, so every process
 * that sees a trace decides alike). Spans that end after their root join a kept trace, or are dropped.
 *
 * <p>Concurrency: spans end on any thread. Pending spans sit in a bounded cache per trace (a root that
 * never ends here cannot leak them); the kept traces are a size-bounded map under this object's lock,
 * taken once per kept trace and by readers.
 */
public final class RecentTraces implements SpanProcessor {
    private static final Duration PENDING_LIMIT = Duration.ofMinutes(10);
    private static final int PENDING_TRACES = 20_000;

    private final int capacity;
    private final long keepBelow;
    private final Cache<String, List<SpanData>> pending = Caffeine.newBuilder().maximumSize(PENDING_TRACES)
            .expireAfterWrite(PENDING_LIMIT).build();
    /** Trace ids whose root ended unkept: their late spans are dropped, not left pending. */
    private final Cache<String, Boolean> dropped = Caffeine.newBuilder().maximumSize(PENDING_TRACES)
            .expireAfterWrite(PENDING_LIMIT).build();
    private final LinkedHashMap<String, StoredTrace> kept = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StoredTrace> eldest) {
            return size() > capacity;
        }
    };

    RecentTraces(int capacity, double ratio) {
        this.capacity = capacity;
        this.keepBelow = (long) (Math.max(0, Math.min(1, ratio)) * Long.MAX_VALUE);
    }

    /** The kept traces, newest first, at most {@code limit}. */
    public synchronized List<StoredTrace> list(int limit) {
        List<StoredTrace> all = new ArrayList<>(kept.values());
        List<StoredTrace> out = new ArrayList<>(Math.min(limit, all.size()));
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(all.get(i));
        }
        return out;
    }

    public synchronized Optional<StoredTrace> get(String traceId) {
        return Optional.ofNullable(kept.get(traceId));
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        SpanData data = span.toSpanData();
        String traceId = data.getTraceId();
        SpanContext parent = data.getParentSpanContext();
        boolean root = !parent.isValid() || parent.isRemote();
        if (!root) {
            if (join(traceId, data)) {
                return;
            }
            if (dropped.getIfPresent(traceId) == null) {
                pending.asMap().compute(traceId, (id, spans) -> {
                    List<SpanData> list = spans == null ? new ArrayList<>(8) : spans;
                    list.add(data);
                    return list;
                });
            }
            return;
        }
        List<SpanData> spans = pending.asMap().remove(traceId);
        List<SpanData> all = spans == null ? new ArrayList<>(1) : spans;
        all.add(data);
        if (keep(data, all)) {
            store(traceId, all);
        } else {
            dropped.put(traceId, Boolean.TRUE);
        }
    }

    private boolean keep(SpanData root, List<SpanData> spans) {
        if (root.getParentSpanContext().isRemote() && root.getParentSpanContext().isSampled()) {
            return true;
        }
        for (SpanData s : spans) {
            if (s.getStatus().getStatusCode() == StatusCode.ERROR) {
                return true;
            }
        }
        return keepBelow == Long.MAX_VALUE || Long.parseUnsignedLong(root.getTraceId().substring(16), 16) >>> 1 < keepBelow;
    }

    private synchronized void store(String traceId, List<SpanData> spans) {
        StoredTrace existing = kept.get(traceId);
        if (existing != null) {
            // a second local root of the same trace (a role calling back into this process): one tree
            List<SpanData> merged = new ArrayList<>(existing.spans());
            merged.addAll(spans);
            kept.put(traceId, new StoredTrace(traceId, merged));
            return;
        }
        kept.put(traceId, new StoredTrace(traceId, List.copyOf(spans)));
    }

    private synchronized boolean join(String traceId, SpanData late) {
        StoredTrace existing = kept.get(traceId);
        if (existing == null) {
            return false;
        }
        List<SpanData> merged = new ArrayList<>(existing.spans());
        merged.add(late);
        kept.put(traceId, new StoredTrace(traceId, merged));
        return true;
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** One kept trace: its spans as this process recorded them, in the order they ended. */
    public record StoredTrace(String traceId, List<SpanData> spans) {}
}
