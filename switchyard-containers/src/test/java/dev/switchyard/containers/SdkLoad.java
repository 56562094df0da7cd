package dev.switchyard.containers;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady traffic through the official SDK (no SDK retries, so nothing hides a failure): threads sending whole
 * Messages requests and threads reading streams to their end. Any exception, or a stream that ends without
 * {@code message_stop}, is a failure. Bounded: it runs only between {@link #start} and {@link #stop}.
 */
final class SdkLoad {
    private static final MessageCreateParams WHOLE = MessageCreateParams.builder().model("claude-sonnet-4-6")
            .maxTokens(8).addUserMessage("Hello").build();
    private static final MessageCreateParams STREAM = MessageCreateParams.builder().model("claude-sonnet-4-6")
            .maxTokens(20).addUserMessage("Tell me a story").build();

    private final AnthropicClient sdk;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong answered = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long startedAt;

    SdkLoad(AnthropicClient sdk) {
        this.sdk = sdk;
    }

    void start(int wholeThreads, int streamThreads) {
        running.set(true);
        startedAt = System.nanoTime();
        for (int i = 0; i < wholeThreads + streamThreads; i++) {
            boolean stream = i >= wholeThreads;
            Thread t = Thread.ofPlatform().name("sdk-load-" + i).start(() -> {
                while (running.get()) {
                    try {
                        if (stream ? streamOnce() : wholeOnce()) {
                            answered.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures.add(sinceStart() + e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            });
            threads.add(t);
        }
    }

    private boolean wholeOnce() {
        Message m = sdk.messages().create(WHOLE);
        if (m.content().isEmpty()) {
            failures.add(sinceStart() + "empty message " + m.id());
            return false;
        }
        return true;
    }

    private boolean streamOnce() {
        try (StreamResponse<RawMessageStreamEvent> s = sdk.messages().createStreaming(STREAM)) {
            List<RawMessageStreamEvent> events = s.stream().toList();
            if (events.isEmpty() || !events.getLast().isMessageStop()) {
                failures.add(sinceStart() + "stream ended without message_stop after " + events.size() + " events");
                return false;
            }
            return true;
        }
    }

    long answered() {
        return answered.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** When a failure happened, for reading it beside the containers' logs. */
    private String sinceStart() {
        return "at +" + (System.nanoTime() - startedAt) / 1_000_000 + " ms: ";
    }

    /** What a failed wait prints: the count answered and the first failures. */
    String report() {
        List<String> seen = failures();
        return "answered " + answered() + ", " + seen.size() + " failures" + (seen.isEmpty() ? ""
                : ", first: " + String.join("; ", seen.subList(0, Math.min(10, seen.size()))));
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
