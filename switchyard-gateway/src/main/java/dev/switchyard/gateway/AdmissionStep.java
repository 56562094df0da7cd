package dev.switchyard.gateway;

import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "limit" step: may this key use this model (403), and is it within its rate limits,
 * concurrency and budgets (429, 402)? An admitted request carries its rate-limit headers and holds
 * what it reserved until {@link UsageRecorder} settles it.
 */
final class AdmissionStep {
    private static final Map<String, CharSequence> OPTIMIZED = new ConcurrentHashMap<>();
    private final AdmissionControl control;

    AdmissionStep(AdmissionControl control) {
        this.control = control;
    }

    /** The model check alone (count_tokens is free: checked, not limited). */
    static Future<Void> permitted(Exchange ex, MessagesRequest req) {
        return ex.principal.mayUse(req.model()) ? Future.succeededFuture()
                : Future.failedFuture(new ApiException(ErrorType.PERMISSION,
                        "this API key is not allowed to use model " + req.model()));
    }

    Future<Void> admit(Exchange ex, MessagesRequest req, Buffer raw) {
        if (!ex.principal.mayUse(req.model())) {
            return permitted(ex, req);
        }
        AdmissionRequest request = new AdmissionRequest(ex.requestId, req.model(), estimateInputTokens(raw),
                req.maxTokens());
        return control.admit(ex.principal, request).map(admission -> {
            ex.admission = admission;
            admission.headers().forEach((name, value) -> ex.response.putHeader(optimized(name), value));
            return null;
        });
    }

    /**
     * The header name as an {@code AsciiString}, encoded by copying its bytes rather than char by char:
     * the rate-limit headers are on every response. Few distinct names, so the cache stays small.
     */
    private static CharSequence optimized(String name) {
        CharSequence n = OPTIMIZED.get(name);
        if (n == null && OPTIMIZED.size() < 64) {
            n = HttpHeaders.createOptimized(name);
            OPTIMIZED.put(name, n);
        }
        return n == null ? name : n;
    }

    /**
     * A deliberately generous guess, settled with the real count afterwards: about four bytes of JSON
     * per token for text, and the JSON envelope counts as input too.
     */
    static long estimateInputTokens(Buffer raw) {
        return Math.max(1, (raw.length() + 3) / 4);
    }
}
