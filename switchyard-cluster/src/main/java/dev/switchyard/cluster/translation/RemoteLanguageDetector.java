package dev.switchyard.cluster.translation;

import dev.switchyard.cluster.Fallbacks;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.cluster.translation.TranslationWire.Detect;
import dev.switchyard.cluster.translation.TranslationWire.Detected;
import dev.switchyard.translation.LanguageDetector;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link LanguageDetector} on translation roles in other processes. The interface is synchronous, so a
 * call blocks its thread for at most {@code timeout}: its one caller (the gateway's translate step) calls it
 * on a worker thread. Called on an event loop it does not block and answers null at once. A call that
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
        if (Context.isOnEventLoopThread()) {
            fallbacks.count(TranslationWire.DETECT);
            return null;
        }
        try {
            Detected d = client.call(TranslationWire.DETECT, new Detect(text), Detected.class, true, "", timeout)
                    .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return d == null ? null : d.language();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // unreachable, timed out or refused: unknown, which is never a failure
        }
        fallbacks.count(TranslationWire.DETECT);
        return null;
    }
}
