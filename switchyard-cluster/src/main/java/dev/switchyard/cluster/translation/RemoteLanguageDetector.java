package dev.switchyard.cluster.translation;

import dev.switchyard.cluster.Fallbacks;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.cluster.translation.TranslationWire.Detect;
import dev.switchyard.cluster.translation.TranslationWire.Detected;
import dev.switchyard.cluster.translation.TranslationWire.DetectAll;
import dev.switchyard.cluster.translation.TranslationWire.DetectedAll;
import dev.switchyard.translation.LanguageDetector;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link LanguageDetector} on translation roles in other processes. The interface is synchronous, so a
 * call blocks its thread for at most {@code timeout}: its one caller (the gateway's translate step) calls it
 * on a worker thread, once per batch of texts ({@link #detectAll}). Called on an event loop it does not block and answers null at once. A call that
 * fails or times out answers null too (the caller then asks Claude), counted in
 * {@link dev.switchyard.cluster.ClusterMetrics#FALLBACKS}.
 */
public final class RemoteLanguageDetector implements LanguageDetector {
    private final RoleClient client;
    private final Duration timeout;
    private final Fallbacks fallbacks;

    public RemoteLanguageDetector(RoleClient client, Duration timeout, MeterRegistry meters) {
        this.client = client;
        this.timeout = timeout;
        this.fallbacks = new Fallbacks(meters, TranslationWire.ROLE);
    }

    @Override
    public String detect(String text) {
        if (text == null) {
            return null;
        }
        Detected d = await(TranslationWire.DETECT, new Detect(text), Detected.class);
        return d == null ? null : d.language();
    }

    /** One round trip for the batch; every language unknown when it fails. */
    @Override
    public List<String> detectAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        DetectedAll d = await(TranslationWire.DETECT_ALL, new DetectAll(texts), DetectedAll.class);
        if (d != null && d.languages() != null && d.languages().size() == texts.size()) {
            return d.languages();
        }
        return Collections.nCopies(texts.size(), null);
    }

    /** The answer, or null when the call failed, timed out, or would have blocked an event loop (counted). */
    private <T> T await(String method, Object request, Class<T> type) {
        if (Context.isOnEventLoopThread()) {
            fallbacks.count(method);
            return null;
        }
        try {
            return client.call(method, request, type, true, "", timeout)
                    .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // unreachable, timed out or refused: unknown, which is never a failure
        }
        fallbacks.count(method);
        return null;
    }
}
