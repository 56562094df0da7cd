package dev.switchyard.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters shared by every event loop. Counters are LongAdders so that the loops do not contend on one
 * cache line. The last request's headers and body are kept as references (volatile, written once per
 * request, never mutated after decoding) and turned into strings only when a snapshot is asked for, so
 * the request path pays no copying. A reset racing with requests may keep a few of their counts.
 */
final class Stats {
    final LongAdder requests = new LongAdder();
    final LongAdder messages = new LongAdder();
    final LongAdder streamsStarted = new LongAdder();
    final LongAdder streamsCompleted = new LongAdder();
    final LongAdder streamsCancelled = new LongAdder();
    final LongAdder faultsInjected = new LongAdder();
    final LongAdder connections = new LongAdder();
    private final LongAdder[] byKind = new LongAdder[PathKind.values().length];
    private volatile MultiMap lastHeaders;
    private volatile Buffer lastBody;

    Stats() {
        for (int i = 0; i < byKind.length; i++) {
            byKind[i] = new LongAdder();
        }
    }

    void request(MultiMap headers, PathKind kind) {
        requests.increment();
        byKind[kind.ordinal()].increment();
        lastHeaders = headers;
    }

    void messagesBody(Buffer body) {
        lastBody = body;
    }

    SimulatorStats snapshot() {
        Buffer body = lastBody;
        return new SimulatorStats(requests.sum(), requestsByKind(), messages.sum(), streamsStarted.sum(), streamsCompleted.sum(),
                streamsCancelled.sum(), faultsInjected.sum(), connections.sum(), headerMap(lastHeaders),
                body == null ? null : body.toString(StandardCharsets.UTF_8));
    }

    void reset() {
        requests.reset();
        messages.reset();
        streamsStarted.reset();
        streamsCompleted.reset();
        streamsCancelled.reset();
        faultsInjected.reset();
        connections.reset();
        for (LongAdder kind : byKind) {
            kind.reset();
        }
        lastHeaders = null;
        lastBody = null;
    }

    private SimulatorStats.RequestsByKind requestsByKind() {
        return new SimulatorStats.RequestsByKind(sum(PathKind.MESSAGES), sum(PathKind.BATCHES), sum(PathKind.FILES),
                sum(PathKind.OTHER));
    }

    private long sum(PathKind kind) {
        return byKind[kind.ordinal()].sum();
    }

    private static Map<String, String> headerMap(MultiMap headers) {
        Map<String, String> map = new TreeMap<>();
        if (headers != null) {
            for (Map.Entry<String, String> e : headers) {
                map.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b);
            }
        }
        return map;
    }
}
