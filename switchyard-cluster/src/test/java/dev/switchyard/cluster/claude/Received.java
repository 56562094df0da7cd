package dev.switchyard.cluster.claude;

import dev.switchyard.claude.UpstreamResponse;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The caller's side of one answer: its SSE events as they arrive, and how it ended. */
final class Received {
    final UpstreamResponse response;
    final List<String> events = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final Supplier<Object> atFirstEvent;
    volatile Object whenFirstEventArrived;
    volatile boolean ended;
    volatile Throwable failed;

    /** Attaches to {@code response}'s body and resumes it; call on the response's context. */
    Received(UpstreamResponse response, Supplier<Object> atFirstEvent) {
        this.response = response;
        this.atFirstEvent = atFirstEvent;
        response.body().handler(this::chunk);
        response.body().endHandler(v -> ended = true);
        response.body().exceptionHandler(e -> failed = e);
        response.body().resume();
    }

    Received(UpstreamResponse response) {
        this(response, () -> null);
    }

    private void chunk(Buffer chunk) {
        partial.append(chunk.toString(StandardCharsets.UTF_8));
        int end;
        while ((end = partial.indexOf("\n\n")) >= 0) {
            if (events.isEmpty()) {
                whenFirstEventArrived = atFirstEvent.get();
            }
            events.add(partial.substring(0, end));
            partial.delete(0, end + 2);
        }
    }

    /** The {@code data:} line of each event. */
    List<String> data() {
        return events.stream().map(e -> field(e, "data: ")).toList();
    }

    /** The {@code event:} name of each event. */
    List<String> types() {
        return events.stream().map(e -> field(e, "event: ")).toList();
    }

    private static String field(String event, String prefix) {
        return event.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElse("");
    }

    boolean over() {
        return ended || failed != null;
    }
}
