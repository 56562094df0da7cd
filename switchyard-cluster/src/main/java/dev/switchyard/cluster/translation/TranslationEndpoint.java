package dev.switchyard.cluster.translation;

import dev.switchyard.cluster.RpcCall;
import dev.switchyard.cluster.RpcHandler;
import dev.switchyard.cluster.translation.TranslationWire.Detect;
import dev.switchyard.cluster.translation.TranslationWire.Detected;
import dev.switchyard.cluster.translation.TranslationWire.DetectAll;
import dev.switchyard.cluster.translation.TranslationWire.DetectedAll;
import dev.switchyard.translation.LanguageDetector;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * The translation role on the role port: language detection by the local {@link LanguageDetector}, run on a
 * worker thread (the detector is synchronous and slow on first use, when it builds its models).
 */
public final class TranslationEndpoint {
    private final Vertx vertx;
    private final LanguageDetector detector;

    public TranslationEndpoint(Vertx vertx, LanguageDetector detector) {
        this.vertx = vertx;
        this.detector = detector;
    }

    public Map<String, RpcHandler> routes() {
        return Map.of(TranslationWire.ROLE + "/" + TranslationWire.DETECT, this::detect,
                TranslationWire.ROLE + "/" + TranslationWire.DETECT_ALL, this::detectAll);
    }

    private void detect(RpcCall call) {
        Detect d = call.bodyAs(Detect.class);
        call.complete(vertx.executeBlocking(() -> d.text() == null ? null : detector.detect(d.text()), false),
                Detected::new);
    }

    private void detectAll(RpcCall call) {
        DetectAll d = call.bodyAs(DetectAll.class);
        List<String> texts = d.texts() == null ? List.of() : d.texts();
        call.complete(vertx.executeBlocking(() -> detector.detectAll(texts), false), DetectedAll::new);
    }
}
