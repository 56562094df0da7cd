package dev.switchyard.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last N traces of this process, for {@code /admin/traces}. A trace's spans collect from the start of
 * its local root (a span with no parent here) to the root's end; then the trace is kept if a client
 * sampled it (its {@code traceparent}), if any span failed, or by the configured ratio (by trace id, so
 * every process that sees a trace decides alike). Spans that end after their root join a kept trace, or
 * are dropped.
 *
 * <p>Concurrency and cost: this runs on the request path for every span, so it takes no lock shared by
 * requests and hands nothing to other threads. A trace being collected is one entry of a concurrent map,
 * present only from its root's start to its root's end (at most {@link #COLLECTING} at once: past that,
 * new traces are not collected); its spans append under the trace's own lock. Kept traces sit in a
 * concurrent map in front of a ring that evicts the oldest, under this object's lock, taken once per
 * kept trace and by readers.
 */
public final class RecentTraces implements SpanProcessor {
    static final int COLLECTING = 20_000;

    private final int capacity;
    private final long keepBelow;
    private final ConcurrentHashMap<String, Collecting> collecting = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StoredTrace> kept = new ConcurrentHashMap<>();
    /** Kept trace ids, oldest first (guarded by this). */
    private final ArrayDeque<String> order = new ArrayDeque<>();

    RecentTraces(int capacity, double ratio) {
        this.capacity = capacity;
        this.keepBelow = (long) (Math.max(0, Math.min(1, ratio)) * Long.MAX_VALUE);
    }

    /** The kept traces, newest first, at most {@code limit}. */
    public List<StoredTrace> list(int limit) {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(order);
        }
        List<StoredTrace> out = new ArrayList<>(Math.min(limit, ids.size()));
        for (int i = ids.size() - 1; i >= 0 && out.size() < limit; i--) {
            StoredTrace t = kept.get(ids.get(i));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    public Optional<StoredTrace> get(String traceId) {
        return Optional.ofNullable(kept.get(traceId));
    }

    /** Traces being collected now (roots started, not ended). */
    int collectingNow() {
        return collecting.size();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (isLocalRoot(span.getParentSpanContext()) && collecting.size() < COLLECTING) {
            collecting.putIfAbsent(span.getSpanContext().getTraceId(), new Collecting());
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        String traceId = span.getSpanContext().getTraceId();
        SpanData data = span.toSpanData();
        if (!isLocalRoot(data.getParentSpanContext())) {
            Collecting trace = collecting.get(traceId);
            if (trace == null || !trace.add(data)) {
                joinKept(traceId, data);
            }
            return;
        }
        Collecting trace = collecting.remove(traceId);
        List<SpanData> spans = trace == null ? new ArrayList<>(1) : trace.close();
        spans.add(data);
        if (keep(data, spans)) {
            store(traceId, spans);
        }
    }

    private static boolean isLocalRoot(SpanContext parent) {
        return !parent.isValid() || parent.isRemote();
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
        return keepBelow == Long.MAX_VALUE
                || Long.parseUnsignedLong(root.getTraceId().substring(16), 16) >>> 1 < keepBelow;
    }

    private void store(String traceId, List<SpanData> spans) {
        List<KeptSpan> compact = new ArrayList<>(spans.size());
        for (SpanData s : spans) {
            compact.add(KeptSpan.of(s));
        }
        storeKept(traceId, compact);
    }

    private synchronized void storeKept(String traceId, List<KeptSpan> spans) {
        StoredTrace existing = kept.get(traceId);
        if (existing != null) {
            // a second local root of the same trace (a role calling back into this process): one tree
            List<KeptSpan> merged = new ArrayList<>(existing.spans());
            merged.addAll(spans);
            kept.put(traceId, new StoredTrace(traceId, merged));
            return;
        }
        kept.put(traceId, new StoredTrace(traceId, spans));
        order.addLast(traceId);
        while (order.size() > capacity) {
            kept.remove(order.removeFirst());
        }
    }

    /** A span that ended after its root: kept with its trace if that was kept, else dropped. */
    private void joinKept(String traceId, SpanData late) {
        if (!kept.containsKey(traceId)) {
            return;
        }
        synchronized (this) {
            StoredTrace existing = kept.get(traceId);
            if (existing != null) {
                List<KeptSpan> merged = new ArrayList<>(existing.spans());
                merged.add(KeptSpan.of(late));
                kept.put(traceId, new StoredTrace(traceId, merged));
            }
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** The spans of one trace while its root runs; closed once the root ended (later spans go elsewhere). */
    private static final class Collecting {
        private final List<SpanData> spans = new ArrayList<>(8);
        private boolean closed;

        synchronized boolean add(SpanData span) {
            if (closed) {
                return false;
            }
            spans.add(span);
            return true;
        }

        synchronized List<SpanData> close() {
            closed = true;
            return spans;
        }
    }

    /** One kept trace: its spans as this process recorded them, in the order they ended, held encoded. */
    public static final class StoredTrace {
        private final String traceId;
        private final byte[] spans;

        StoredTrace(String traceId, List<KeptSpan> spans) {
            this.traceId = traceId;
            this.spans = KeptSpanCodec.encode(spans);
        }

        public String traceId() {
            return traceId;
        }

        /** Decoded at each call: kept traces are written often and read only for the admin API. */
        public List<KeptSpan> spans() {
            return KeptSpanCodec.decode(spans);
        }
    }
}
